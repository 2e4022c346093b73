// The module's functions are all in <math.h>; SwiftPM needs one source file for a C target.
#include "CMath.h"
