/// An accepted image as its header describes it.
public struct InspectedImage: Sendable, Hashable {
    /// The type its bytes are.
    public var format: ImageFormat
    /// Pixels across as shown, after the EXIF orientation.
    public var width: Int
    /// Pixels down as shown, after the EXIF orientation.
    public var height: Int
    /// Frames: 1 unless an animation.
    public var frames: Int

    /// Creates a description.
    public init(format: ImageFormat, width: Int, height: Int, frames: Int) {
        self.format = format
        self.width = width
        self.height = height
        self.frames = frames
    }
}

/// One encoded variant.
public struct EncodedVariant: Sendable, Hashable {
    /// Pixels across.
    public var width: Int
    /// Pixels down (of one frame).
    public var height: Int
    /// WebP or JPEG.
    public var format: VariantFormat
    /// The file's bytes, without metadata.
    public var bytes: [UInt8]
}

/// Uploaded bytes to checked images and their variants.
///
/// 1. ``inspect(_:)``: the type from the bytes, the size from the header (Swift, then libvips' header
///    reader, which decodes no pixels), the limits. Refusals here cost no decoding.
/// 2. ``verify(_:image:)``: one whole decode at a tiny size, so a truncated or corrupt file is refused
///    while its uploader waits (JPEG decodes at 1/8 scale, so this is cheap for photographs).
/// 3. ``variants(of:image:)``: every width of ``ImageLimits/variantWidths`` up to the image's, in WebP
///    (frames kept) and JPEG (first frame), orientation applied, sRGB, every metadata block stripped.
///
/// Each call blocks its thread while libvips works; the server runs them on threads of their own.
public enum ImagePipeline {
    /// Checks `bytes` without decoding their pixels; throws ``ImageRefusal``.
    public static func inspect(_ bytes: [UInt8]) throws -> InspectedImage {
        let format: ImageFormat
        switch ImageSniffer.sniff(bytes) {
        case .image(let sniffed): format = sniffed
        case .other(let found): throw ImageRefusal.unsupported(found: found)
        }
        let header = try ImageHeader.read(bytes, format: format)
        try checkLimits(header)
        let vips = try Vips.header(bytes, options: loadOptions(format, allFrames: format.mayAnimate))
        guard vips.loader == format.vipsLoader else {
            if format == .avif { throw ImageRefusal.unsupported(found: "an AVIF image, which this server's image library cannot read") }
            throw ImageRefusal.undecodable("its bytes are not a plain \(format.rawValue.uppercased()) file")
        }
        if format != .avif, vips.width != header.width || vips.height != header.height {
            throw ImageRefusal.undecodable("its header is inconsistent")
        }
        let checked = ImageHeader(width: vips.width, height: vips.height, frames: max(header.frames, vips.pages))
        try checkLimits(checked)
        let swapped = (5...8).contains(vips.orientation)
        return InspectedImage(
            format: format, width: swapped ? checked.height : checked.width, height: swapped ? checked.width : checked.height,
            frames: format.mayAnimate ? checked.frames : 1)
    }

    /// Decodes `bytes` whole at a tiny size; throws ``ImageRefusal/undecodable(_:)`` for a truncated or
    /// corrupt file.
    public static func verify(_ bytes: [UInt8], image: InspectedImage) throws {
        _ = try Vips.resize(bytes, width: min(32, image.width), options: loadOptions(image.format, allFrames: false))
    }

    /// Every variant of `bytes`, smallest first, WebP before JPEG at each width.
    public static func variants(of bytes: [UInt8], image: InspectedImage) throws -> [EncodedVariant] {
        let widths = ImageLimits.widths(forImageWidth: image.width)
        let largest = try Vips.resize(bytes, width: widths.last!, options: loadOptions(image.format, allFrames: image.frames > 1))
        var variants: [EncodedVariant] = []
        for width in widths {
            let resized = width >= largest.width ? largest : try Vips.resize(largest, width: width)
            for format in [VariantFormat.webp, .jpeg] {
                let encoded = MetadataStripper.strip(try Vips.encode(resized, as: format), format: format)
                variants.append(EncodedVariant(width: resized.width, height: resized.pageHeight, format: format, bytes: encoded))
            }
        }
        return variants
    }

    /// `bytes` (an accepted image) decoded and encoded again at its own size as `format`, orientation
    /// applied, in sRGB, without metadata: for tools and tests that need a JPEG or WebP of a given picture.
    public static func reencode(_ bytes: [UInt8], as format: VariantFormat) throws -> [UInt8] {
        let image = try inspect(bytes)
        let decoded = try Vips.resize(bytes, width: image.width, options: loadOptions(image.format, allFrames: false))
        return MetadataStripper.strip(try Vips.encode(decoded, as: format), format: format)
    }

    static func checkLimits(_ header: ImageHeader) throws {
        if header.frames > ImageLimits.maxFrames { throw ImageRefusal.tooManyFrames(header.frames) }
        if header.width * header.height > ImageLimits.maxPixels {
            throw ImageRefusal.tooManyPixels(width: header.width, height: header.height, frames: 1)
        }
        if header.width * header.height * header.frames > ImageLimits.maxAnimationPixels {
            throw ImageRefusal.tooManyPixels(width: header.width, height: header.height, frames: header.frames)
        }
    }

    /// libvips load options: every frame of an animation when asked, and a truncated or damaged file is an
    /// error instead of a partly grey picture.
    static func loadOptions(_ format: ImageFormat, allFrames: Bool) -> String {
        allFrames && format.mayAnimate ? "n=-1,fail_on=truncated" : "fail_on=truncated"
    }
}
