// The C library's printf conversions of one double, for the renderers' number text.
//
// Swift reaches vsnprintf only through CVarArg, whose per-argument dynamic casts cost more than
// the conversion itself (a million-study text report spent a third of its time there).
#include <stddef.h>

// snprintf(out, size, format, precision, value): `format` takes the precision as `*`
// ("%.*f", "%.*e", "%.*g"). Returns what snprintf returns.
int forest_format_double(char *out, size_t size, const char *format, int precision, double value);
