import Foundation

/// Where a media item's variants stand.
public enum MediaVariantsStatus: String, Codable, Sendable, CaseIterable {
    /// Not made yet: they are made once, in the background, soon after the upload (and after a restart).
    case pending
    /// Made; `variants` lists them.
    case ready
    /// The image could not be made into variants; `variantsFailure` says why.
    case failed
}

/// One resized copy of a media item's image, served to anyone at a content-hashed URL.
public struct MediaVariant: Codable, Sendable, Hashable {
    /// Pixels across.
    public var width: Int
    /// Pixels down (of one frame).
    public var height: Int
    /// `image/webp` or `image/jpeg`.
    public var mediaType: String
    /// The digest of its bytes (a blob of the media item's owner).
    public var digest: BlobDigest
    /// Bytes.
    public var size: Int64
    /// Where it is served: `/media/<64 hex digits of the digest>.webp` (or `.jpg`), cached for a year.
    public var url: String

    /// Creates a variant; its URL follows from its digest and type.
    public init(width: Int, height: Int, mediaType: String, digest: BlobDigest, size: Int64) {
        self.width = width
        self.height = height
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.url = Self.path(digest: digest, mediaType: mediaType)
    }

    /// The served path of a variant: its digest's hex digits and the extension of its type.
    public static func path(digest: BlobDigest, mediaType: String) -> String {
        "/media/\(digest.hex).\(mediaType == "image/webp" ? "webp" : "jpg")"
    }
}

/// An image uploaded for posts: the original's bytes are a blob of its owner, described here with the
/// text a page shows beside it; its variants are what pages serve.
public struct Media: Codable, Sendable, Hashable, Identifiable {
    /// Stable identifier; a post embeds it as `![alt](media:ID "caption")`.
    public var id: UUID
    /// Who uploaded it.
    public var ownerId: UUID
    /// The original's digest (a blob of the owner; never served publicly, since it keeps its metadata).
    public var digest: BlobDigest
    /// The original's type, sniffed from its bytes: `image/jpeg`, `image/png`, `image/gif`, `image/webp`
    /// or `image/avif`.
    public var mediaType: String
    /// The original's bytes.
    public var size: Int64
    /// The uploaded file's name.
    public var name: String
    /// Pixels across as shown (EXIF orientation applied).
    public var width: Int
    /// Pixels down as shown.
    public var height: Int
    /// Frames: 1 unless an animation.
    public var frames: Int
    /// The alternative text; a post embedding the image cannot be published while it is empty.
    public var alt: String
    /// The caption shown under the image (a post's own caption wins).
    public var caption: String
    /// Who made the image ("Photo: …").
    public var credit: String
    /// Whether the variants are made.
    public var variantsStatus: MediaVariantsStatus
    /// Why they could not be made, when they failed.
    public var variantsFailure: String?
    /// The variants, narrowest first, WebP before JPEG at each width.
    public var variants: [MediaVariant]
    /// When it was uploaded.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a media item.
    public init(
        id: UUID, ownerId: UUID, digest: BlobDigest, mediaType: String, size: Int64, name: String, width: Int,
        height: Int, frames: Int, alt: String, caption: String, credit: String,
        variantsStatus: MediaVariantsStatus, variantsFailure: String? = nil, variants: [MediaVariant],
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.ownerId = ownerId
        self.digest = digest
        self.mediaType = mediaType
        self.size = size
        self.name = name
        self.width = width
        self.height = height
        self.frames = frames
        self.alt = alt
        self.caption = caption
        self.credit = credit
        self.variantsStatus = variantsStatus
        self.variantsFailure = variantsFailure
        self.variants = variants
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
