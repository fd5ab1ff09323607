import Foundation

/// `PATCH /v1/media/{id}`: change the text of a media item; absent fields stay.
public struct UpdateMediaRequest: Codable, Sendable {
    /// Alternative text, at most 1,000 characters.
    public var alt: String?
    /// Caption, at most 2,000 characters.
    public var caption: String?
    /// Credit, at most 300 characters.
    public var credit: String?

    /// Creates an update.
    public init(alt: String? = nil, caption: String? = nil, credit: String? = nil) {
        self.alt = alt
        self.caption = caption
        self.credit = credit
    }
}

/// The fixed limits of media items.
public enum MediaLimits {
    /// Largest upload: 64 MiB (or the server's per-blob limit, when lower).
    public static let maxUploadBytes = 64 << 20
    /// Longest alternative text, in characters.
    public static let maxAltLength = 1_000
    /// Longest caption, in characters.
    public static let maxCaptionLength = 2_000
    /// Longest credit, in characters.
    public static let maxCreditLength = 300
}
