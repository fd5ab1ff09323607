// libvips (Debian's libvips-dev) behind a few plain C functions (satchel_vips.c): libvips' own API passes
// options as variadic arguments, which Swift cannot call, and its headers need GLib's. Only plain types cross
// here; an image is opaque. Used only by Sources/SatchelImages/Vips.swift.
#ifndef SATCHEL_VIPS_H
#define SATCHEL_VIPS_H

#include <stddef.h>

/// What an image's header says, read without decoding its pixels.
typedef struct {
    int width;        // of one page (frame)
    int height;       // of one page (frame)
    int pages;        // frames of an animation, 1 otherwise
    int orientation;  // EXIF orientation, 1 to 8
    int bands;
    char loader[64];  // the libvips loader that reads it, e.g. "VipsForeignLoadJpegBuffer"
} satchel_vips_header;

/// A decoded image (libvips' VipsImage); released with satchel_vips_release.
typedef struct _VipsImage satchel_vips_image;

/// Starts libvips once per process; 0 on success.
int satchel_vips_start(const char *name);
/// The last error's text, copied into `out` (at most `size` bytes with its NUL), and cleared.
void satchel_vips_take_error(char *out, size_t size);
/// Reads the header of `buffer` (no pixel decoded); 0 on success.
int satchel_vips_read_header(const void *buffer, size_t length, const char *options, satchel_vips_header *out);
/// `buffer` decoded whole, resized to `width` (never upscaled), oriented, in sRGB; NULL on failure.
satchel_vips_image *satchel_vips_resize_buffer(const void *buffer, size_t length, int width, const char *options);
/// An image resized to `width` (never upscaled), frames kept; NULL on failure.
satchel_vips_image *satchel_vips_resize_image(satchel_vips_image *image, int width);
/// Pixels across.
int satchel_vips_width(satchel_vips_image *image);
/// Pixels down one frame.
int satchel_vips_page_height(satchel_vips_image *image);
/// Frames.
int satchel_vips_pages(satchel_vips_image *image);
/// Drops the image.
void satchel_vips_release(satchel_vips_image *image);
/// Frees an encoded buffer.
void satchel_vips_free(void *buffer);
/// Encodes as WebP, frames kept, metadata stripped; 0 on success.
int satchel_vips_save_webp(satchel_vips_image *image, int quality, void **out, size_t *length);
/// Encodes the first frame as a progressive JPEG on white, metadata stripped; 0 on success.
int satchel_vips_save_jpeg(satchel_vips_image *image, int quality, void **out, size_t *length);

#endif
