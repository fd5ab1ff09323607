import CVips

/// libvips, started once per process, through the C functions of `Sources/CVips/satchel_vips.h`.
/// Every call blocks its thread while libvips works (on its own worker threads as well).
enum Vips {
    /// Whether libvips started; started on first use.
    static let started: Bool = satchel_vips_start("satchel") == 0

    /// What libvips' header of `bytes` says.
    struct Header {
        let width: Int
        let height: Int
        let pages: Int
        let orientation: Int
        let loader: String
    }

    /// A decoded image in memory, released when the value goes.
    final class Image {
        let pointer: OpaquePointer
        init(_ pointer: OpaquePointer) { self.pointer = pointer }
        deinit { satchel_vips_release(pointer) }
        var width: Int { Int(satchel_vips_width(pointer)) }
        var pageHeight: Int { Int(satchel_vips_page_height(pointer)) }
    }

    /// The last error's text, cleared.
    static func takeError() -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        satchel_vips_take_error(&buffer, buffer.count)
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // libvips prefixes its messages with the class that failed and ends them with a newline.
        let line = text.split(separator: "\n").first.map { String($0.drop { $0 == " " }) } ?? ""
        return line.isEmpty ? "unknown error" : line
    }

    static func header(_ bytes: [UInt8], options: String) throws -> Header {
        guard started else { throw ImageRefusal.undecodable("the image library did not start") }
        var header = satchel_vips_header()
        let status = bytes.withUnsafeBytes { raw in satchel_vips_read_header(raw.baseAddress, raw.count, options, &header) }
        guard status == 0 else { throw ImageRefusal.undecodable(takeError()) }
        let loader = withUnsafeBytes(of: header.loader) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return Header(
            width: Int(header.width), height: Int(header.height), pages: Int(header.pages),
            orientation: Int(header.orientation), loader: loader)
    }

    /// `bytes` decoded whole and resized to `width` (never upscaled), orientation applied, in sRGB.
    static func resize(_ bytes: [UInt8], width: Int, options: String) throws -> Image {
        guard started else { throw ImageRefusal.undecodable("the image library did not start") }
        let pointer = bytes.withUnsafeBytes { raw in
            satchel_vips_resize_buffer(raw.baseAddress, raw.count, Int32(width), options)
        }
        guard let pointer else { throw ImageRefusal.undecodable(takeError()) }
        return Image(pointer)
    }

    /// `image` resized to `width` (never upscaled), frames kept.
    static func resize(_ image: Image, width: Int) throws -> Image {
        guard let pointer = satchel_vips_resize_image(image.pointer, Int32(width)) else {
            throw ImageRefusal.undecodable(takeError())
        }
        return Image(pointer)
    }

    /// `image` encoded as `format`.
    static func encode(_ image: Image, as format: VariantFormat) throws -> [UInt8] {
        var output: UnsafeMutableRawPointer?
        var length = 0
        let status = switch format {
        case .webp: satchel_vips_save_webp(image.pointer, ImageLimits.webpQuality, &output, &length)
        case .jpeg: satchel_vips_save_jpeg(image.pointer, ImageLimits.jpegQuality, &output, &length)
        }
        guard status == 0, let output else { throw ImageRefusal.undecodable(takeError()) }
        defer { satchel_vips_free(output) }
        return Array(UnsafeRawBufferPointer(start: output, count: length))
    }
}
