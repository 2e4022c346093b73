// PNG and PDF from Forest's SVG, through librsvg and cairo opened at run time: Forest needs no
// headers or libraries of theirs to build, and says which package to install when they are
// missing. Only the few entry points below are used; their signatures are librsvg's and
// cairo's documented API (librsvg >= 2.46 for rsvg_handle_render_document).

#include "CRaster.h"

#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { uint32_t domain; int code; char *message; } GErrorLayout;
typedef struct { double x, y, width, height; } RsvgRectangleLayout;
typedef struct { int width, height; double em, ex; } RsvgDimensionLayout;
typedef int (*cairo_write_func)(void *closure, const unsigned char *data, unsigned int length);

static struct {
    int loaded;
    char error[400];
    void *(*new_from_data)(const unsigned char *, size_t, GErrorLayout **);
    int (*intrinsic_size)(void *, double *, double *);
    void (*dimensions)(void *, RsvgDimensionLayout *);
    int (*render_document)(void *, void *, const RsvgRectangleLayout *, GErrorLayout **);
    void (*object_unref)(void *);
    void (*error_free)(GErrorLayout *);
    void *(*image_surface_create)(int, int, int);
    void *(*pdf_surface_create_for_stream)(cairo_write_func, void *, double, double);
    void *(*create)(void *);
    void (*scale)(void *, double, double);
    void (*set_source_rgb)(void *, double, double, double);
    void (*paint)(void *);
    void (*show_page)(void *);
    void (*destroy)(void *);
    int (*status)(void *);
    int (*surface_status)(void *);
    void (*surface_finish)(void *);
    void (*surface_destroy)(void *);
    int (*write_to_png_stream)(void *, cairo_write_func, void *);
    const char *(*status_to_string)(int);
} lib;

static void *symbol(void *library, const char *name, int required) {
    void *found = dlsym(library, name);
    if (!found && required && !lib.error[0]) {
        snprintf(lib.error, sizeof lib.error, "the installed librsvg or cairo has no %s", name);
    }
    return found;
}

static int load(void) {
    if (lib.loaded) return lib.error[0] ? -1 : 0;
    lib.loaded = 1;
    void *rsvg = dlopen("librsvg-2.so.2", RTLD_NOW | RTLD_LOCAL);
    void *cairo = dlopen("libcairo.so.2", RTLD_NOW | RTLD_LOCAL);
    void *gobject = dlopen("libgobject-2.0.so.0", RTLD_NOW | RTLD_LOCAL);
    void *glib = dlopen("libglib-2.0.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!rsvg || !cairo || !gobject || !glib) {
        snprintf(lib.error, sizeof lib.error,
                 "PNG and PDF need librsvg and cairo, which are not installed (%s); on Debian: "
                 "apt-get install librsvg2-2 (librsvg2-dev pulls it in), or run tools/setup",
                 !rsvg ? "librsvg-2.so.2" : !cairo ? "libcairo.so.2" : "GLib");
        return -1;
    }
    *(void **)&lib.new_from_data = symbol(rsvg, "rsvg_handle_new_from_data", 1);
    *(void **)&lib.intrinsic_size = symbol(rsvg, "rsvg_handle_get_intrinsic_size_in_pixels", 0);
    *(void **)&lib.dimensions = symbol(rsvg, "rsvg_handle_get_dimensions", 1);
    *(void **)&lib.render_document = symbol(rsvg, "rsvg_handle_render_document", 1);
    *(void **)&lib.object_unref = symbol(gobject, "g_object_unref", 1);
    *(void **)&lib.error_free = symbol(glib, "g_error_free", 1);
    *(void **)&lib.image_surface_create = symbol(cairo, "cairo_image_surface_create", 1);
    *(void **)&lib.pdf_surface_create_for_stream = symbol(cairo, "cairo_pdf_surface_create_for_stream", 1);
    *(void **)&lib.create = symbol(cairo, "cairo_create", 1);
    *(void **)&lib.scale = symbol(cairo, "cairo_scale", 1);
    *(void **)&lib.set_source_rgb = symbol(cairo, "cairo_set_source_rgb", 1);
    *(void **)&lib.paint = symbol(cairo, "cairo_paint", 1);
    *(void **)&lib.show_page = symbol(cairo, "cairo_show_page", 1);
    *(void **)&lib.destroy = symbol(cairo, "cairo_destroy", 1);
    *(void **)&lib.status = symbol(cairo, "cairo_status", 1);
    *(void **)&lib.surface_status = symbol(cairo, "cairo_surface_status", 1);
    *(void **)&lib.surface_finish = symbol(cairo, "cairo_surface_finish", 1);
    *(void **)&lib.surface_destroy = symbol(cairo, "cairo_surface_destroy", 1);
    *(void **)&lib.write_to_png_stream = symbol(cairo, "cairo_surface_write_to_png_stream", 1);
    *(void **)&lib.status_to_string = symbol(cairo, "cairo_status_to_string", 1);
    return lib.error[0] ? -1 : 0;
}

typedef struct { unsigned char *data; size_t length, capacity; int failed; } buffer;

static int append(void *closure, const unsigned char *data, unsigned int length) {
    buffer *b = closure;
    if (b->length + length > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 65536;
        while (capacity < b->length + length) capacity *= 2;
        unsigned char *grown = realloc(b->data, capacity);
        if (!grown) { b->failed = 1; return 11; /* CAIRO_STATUS_WRITE_ERROR */ }
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, data, length);
    b->length += length;
    return 0;
}

static int fail(forest_raster *out, const char *what, const char *why) {
    snprintf(out->error, sizeof out->error, "%s%s%s", what, why ? ": " : "", why ? why : "");
    return -1;
}

int forest_svg_render(const char *svg, size_t length, int pdf, double scale, forest_raster *out) {
    memset(out, 0, sizeof *out);
    if (load() != 0) return fail(out, lib.error, NULL);
    GErrorLayout *error = NULL;
    void *handle = lib.new_from_data((const unsigned char *)svg, length, &error);
    if (!handle) {
        int result = fail(out, "librsvg could not read the SVG", error ? error->message : NULL);
        if (error) lib.error_free(error);
        return result;
    }
    double width = 0, height = 0;
    if (!lib.intrinsic_size || !lib.intrinsic_size(handle, &width, &height)) {
        RsvgDimensionLayout d;
        lib.dimensions(handle, &d);
        width = d.width;
        height = d.height;
    }
    buffer bytes = {0};
    void *surface = pdf
        ? lib.pdf_surface_create_for_stream(append, &bytes, width * 0.75, height * 0.75)
        : lib.image_surface_create(0 /* ARGB32 */, (int)ceil(width * scale), (int)ceil(height * scale));
    void *cr = lib.create(surface);
    double factor = pdf ? 0.75 : scale;
    lib.scale(cr, factor, factor);
    lib.set_source_rgb(cr, 1, 1, 1);
    lib.paint(cr);
    RsvgRectangleLayout viewport = {0, 0, width, height};
    int ok = lib.render_document(handle, cr, &viewport, &error);
    int result = 0;
    if (!ok) {
        result = fail(out, "librsvg could not draw the SVG", error ? error->message : NULL);
        if (error) lib.error_free(error);
    }
    if (pdf) lib.show_page(cr);
    int status = lib.status(cr);
    lib.destroy(cr);
    if (result == 0 && status != 0) result = fail(out, "cairo could not draw", lib.status_to_string(status));
    if (pdf) {
        lib.surface_finish(surface);
    } else if (result == 0) {
        status = lib.write_to_png_stream(surface, append, &bytes);
        if (status != 0) result = fail(out, "cairo could not write the PNG", lib.status_to_string(status));
    }
    status = lib.surface_status(surface);
    if (result == 0 && status != 0) result = fail(out, "cairo could not write the file", lib.status_to_string(status));
    lib.surface_destroy(surface);
    lib.object_unref(handle);
    if (result == 0 && bytes.failed) result = fail(out, "out of memory", NULL);
    if (result != 0) {
        free(bytes.data);
        return result;
    }
    out->data = bytes.data;
    out->length = bytes.length;
    return 0;
}

void forest_raster_free(forest_raster *out) {
    free(out->data);
    out->data = NULL;
    out->length = 0;
}
