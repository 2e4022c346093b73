#ifndef FOREST_CRASTER_H
#define FOREST_CRASTER_H

#include <stddef.h>

/// The bytes of a rendered figure, or why there are none.
typedef struct {
    unsigned char *data;   /* malloc'd; free with forest_raster_free */
    size_t length;
    char error[512];
} forest_raster;

/// Renders an SVG document with librsvg and cairo, loaded at run time (dlopen), so that Forest
/// builds and writes SVG without them. `pdf` 0: a PNG at `scale` times the SVG's size in pixels;
/// 1: a PDF page of the SVG's size (96 px to the inch), vector. Returns 0 and fills `out->data`,
/// or -1 with `out->error` saying why (the library missing, the SVG rejected, a cairo error).
int forest_svg_render(const char *svg, size_t length, int pdf, double scale, forest_raster *out);

void forest_raster_free(forest_raster *out);

#endif
