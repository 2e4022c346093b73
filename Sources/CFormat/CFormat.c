#include <stdio.h>
#include "CFormat.h"

int forest_format_double(char *out, size_t size, const char *format, int precision, double value) {
    return snprintf(out, size, format, precision, value);
}
