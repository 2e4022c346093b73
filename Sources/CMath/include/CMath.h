// The C library's mathematics (libm) for the statistics core, which needs nothing else from
// the system: log, exp, pow, erfc, lgamma, scalbn … as the C standard defines them.
#include <math.h>
