// libvips (Debian's libvips-dev) behind a few plain C functions: libvips' own API passes options as
// variadic arguments, which Swift cannot call, and its headers need GLib's. Used only by Sources/SatchelImages.
#include <vips/vips.h>
#include <string.h>
#include "satchel_vips.h"

static void satchel_vips_ignore_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)message; (void)data;
}

/// Starts libvips once per process: no operation cache (a server decodes each upload once), untrusted
/// loaders blocked (only those Satchel sniffs for ever run), its warnings dropped (failures are errors).
int satchel_vips_start(const char *name) {
    if (VIPS_INIT(name)) return -1;
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    vips_block_untrusted_set(TRUE);
    g_log_set_handler("VIPS", (GLogLevelFlags)(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO),
                      satchel_vips_ignore_log, NULL);
    return 0;
}

/// The last error's text, copied into `out` (at most `size` bytes with its NUL), and cleared.
void satchel_vips_take_error(char *out, size_t size) {
    const char *text = vips_error_buffer();
    if (size > 0) {
        strncpy(out, text ? text : "", size - 1);
        out[size - 1] = 0;
    }
    vips_error_clear();
}

/// Reads the header of `buffer` with the loader libvips picks for its bytes; `options` are the loader's
/// (e.g. "n=-1" for every frame). Pixels are not decoded. 0 on success.
int satchel_vips_read_header(const void *buffer, size_t length, const char *options, satchel_vips_header *out) {
    memset(out, 0, sizeof(*out));
    const char *loader = vips_foreign_find_load_buffer(buffer, length);
    if (!loader) return -1;
    strncpy(out->loader, loader, sizeof(out->loader) - 1);
    VipsImage *image = vips_image_new_from_buffer(buffer, length, options, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!image) return -1;
    out->pages = vips_image_get_n_pages(image);
    out->width = image->Xsize;
    out->height = vips_image_get_page_height(image);
    out->orientation = vips_image_get_orientation(image);
    out->bands = image->Bands;
    g_object_unref(image);
    return 0;
}

/// Turns `image` into 8-bit sRGB: through its embedded ICC profile when it has one, else by colourspace.
/// Takes `image`'s reference; returns a new one, or NULL.
static VipsImage *satchel_vips_to_srgb(VipsImage *image) {
    VipsImage *next = NULL;
    if (vips_image_get_typeof(image, VIPS_META_ICC_NAME)) {
        if (vips_icc_transform(image, &next, "srgb", "embedded", TRUE, "depth", 8, NULL)) {
            // A profile lcms cannot use: fall back to the colourspace conversion below.
            vips_error_clear();
            next = NULL;
        } else {
            g_object_unref(image);
            image = next;
            next = NULL;
        }
    }
    if (image->Type != VIPS_INTERPRETATION_sRGB || image->BandFmt != VIPS_FORMAT_UCHAR) {
        if (vips_colourspace(image, &next, VIPS_INTERPRETATION_sRGB, NULL)) {
            g_object_unref(image);
            return NULL;
        }
        g_object_unref(image);
        image = next;
        if (image->BandFmt != VIPS_FORMAT_UCHAR) {
            if (vips_cast(image, &next, VIPS_FORMAT_UCHAR, NULL)) {
                g_object_unref(image);
                return NULL;
            }
            g_object_unref(image);
            image = next;
        }
    }
    return image;
}

/// `buffer` resized to `width` pixels wide (never upscaled), orientation applied, in sRGB, decoded into
/// memory (so a broken file fails here, not later). `options` go to the loader ("n=-1,fail_on=truncated").
VipsImage *satchel_vips_resize_buffer(const void *buffer, size_t length, int width, const char *options) {
    VipsImage *thumb = NULL;
    if (vips_thumbnail_buffer((void *)buffer, length, &thumb, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                              "option_string", options, NULL)) return NULL;
    VipsImage *srgb = satchel_vips_to_srgb(thumb);
    if (!srgb) return NULL;
    VipsImage *memory = vips_image_copy_memory(srgb);
    g_object_unref(srgb);
    return memory;
}

/// An in-memory image resized to `width` (never upscaled); frames of an animation are kept.
VipsImage *satchel_vips_resize_image(VipsImage *image, int width) {
    VipsImage *thumb = NULL;
    if (vips_thumbnail_image(image, &thumb, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL)) return NULL;
    VipsImage *memory = vips_image_copy_memory(thumb);
    g_object_unref(thumb);
    return memory;
}

int satchel_vips_width(VipsImage *image) { return image->Xsize; }
int satchel_vips_page_height(VipsImage *image) { return vips_image_get_page_height(image); }
int satchel_vips_pages(VipsImage *image) { return image->Ysize / vips_image_get_page_height(image); }
void satchel_vips_release(VipsImage *image) { if (image) g_object_unref(image); }
void satchel_vips_free(void *buffer) { g_free(buffer); }

/// A copy of `image` without any metadata but the frame layout and timing: no EXIF (GPS included), XMP,
/// IPTC or ICC profile. (libvips 8.14's `strip` misses the EXIF of animated WebP; this does not depend on it.)
static VipsImage *satchel_vips_bare(VipsImage *image) {
    VipsImage *copy = NULL;
    if (vips_copy(image, &copy, NULL)) return NULL;
    gchar **fields = vips_image_get_fields(copy);
    for (int i = 0; fields[i]; i++) {
        const char *name = fields[i];
        if (strcmp(name, "page-height") == 0 || strcmp(name, "n-pages") == 0 || strcmp(name, "delay") == 0
            || strcmp(name, "loop") == 0 || strcmp(name, "gif-delay") == 0 || strcmp(name, "gif-loop") == 0) continue;
        // Width, height, bands, format, coding, interpretation and the resolutions are the image's own, not fields.
        if (strcmp(name, "width") == 0 || strcmp(name, "height") == 0 || strcmp(name, "bands") == 0
            || strcmp(name, "format") == 0 || strcmp(name, "coding") == 0 || strcmp(name, "interpretation") == 0
            || strcmp(name, "xoffset") == 0 || strcmp(name, "yoffset") == 0 || strcmp(name, "xres") == 0
            || strcmp(name, "yres") == 0 || strcmp(name, "filename") == 0) continue;
        vips_image_remove(copy, name);
    }
    g_strfreev(fields);
    return copy;
}

/// Encodes `image` as WebP (frames kept) with every metadata block stripped. 0 on success; free
/// `*out` with satchel_vips_free.
int satchel_vips_save_webp(VipsImage *image, int quality, void **out, size_t *length) {
    VipsImage *bare = satchel_vips_bare(image);
    if (!bare) return -1;
    int result = vips_webpsave_buffer(bare, out, length, "Q", quality, "strip", TRUE, NULL);
    g_object_unref(bare);
    return result;
}

/// Encodes the first frame of `image` as a progressive JPEG, transparency flattened onto white, with every
/// metadata block stripped. 0 on success; free `*out` with satchel_vips_free.
int satchel_vips_save_jpeg(VipsImage *image, int quality, void **out, size_t *length) {
    VipsImage *frame = image;
    g_object_ref(frame);
    int page = vips_image_get_page_height(image);
    if (page < image->Ysize) {
        VipsImage *cut = NULL;
        if (vips_crop(image, &cut, 0, 0, image->Xsize, page, NULL)) { g_object_unref(frame); return -1; }
        g_object_unref(frame);
        frame = cut;
    }
    if (vips_image_hasalpha(frame)) {
        VipsImage *flat = NULL;
        VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
        int failed = vips_flatten(frame, &flat, "background", white, NULL);
        vips_area_unref(VIPS_AREA(white));
        g_object_unref(frame);
        if (failed) return -1;
        frame = flat;
    }
    VipsImage *bare = satchel_vips_bare(frame);
    g_object_unref(frame);
    if (!bare) return -1;
    frame = bare;
    int result = vips_jpegsave_buffer(frame, out, length, "Q", quality, "strip", TRUE, "optimize_coding", TRUE,
                                      "interlace", TRUE, NULL);
    g_object_unref(frame);
    return result;
}

