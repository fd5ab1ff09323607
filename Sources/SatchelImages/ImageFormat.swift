/// The image types Satchel accepts, told apart by their bytes (``ImageSniffer``), never by a name or a
/// declared type.
public enum ImageFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case jpeg
    case png
    case gif
    case webp
    case avif

    /// The media type the bytes are stored and served with.
    public var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .avif: "image/avif"
        }
    }

    /// The usual file extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .gif: "gif"
        case .webp: "webp"
        case .avif: "avif"
        }
    }

    /// The libvips loader that must be the one reading these bytes (any other is refused).
    var vipsLoader: String {
        switch self {
        case .jpeg: "VipsForeignLoadJpegBuffer"
        case .png: "VipsForeignLoadPngBuffer"
        case .gif: "VipsForeignLoadNsgifBuffer"
        case .webp: "VipsForeignLoadWebpBuffer"
        case .avif: "VipsForeignLoadHeifBuffer"
        }
    }

    /// Whether the format can hold an animation that Satchel keeps (in the WebP variants).
    var mayAnimate: Bool { self == .gif || self == .webp }
}

/// The formats variants are written in.
public enum VariantFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case webp
    case jpeg

    /// The media type a variant is served with.
    public var mediaType: String { self == .webp ? "image/webp" : "image/jpeg" }

    /// The extension of a variant's URL.
    public var fileExtension: String { self == .webp ? "webp" : "jpg" }
}
