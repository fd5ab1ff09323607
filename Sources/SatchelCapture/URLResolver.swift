import Foundation

/// Makes a page's URLs absolute against its base (the first `<base href>`, itself resolved against the
/// page's URL) and decides which are safe to keep: `http`, `https` and, for links, `mailto`.
struct URLResolver: Sendable {
    /// The URL relative references resolve against; nil when the page's URL is unknown.
    let base: URL?

    /// The resolver for `document` fetched from `pageURL`.
    init(pageURL: URL?, document: Document) {
        var base = pageURL
        if let node = document.first(named: "base"), let href = document.attribute("href", of: node),
           let resolved = Self.parse(href, relativeTo: pageURL), resolved.scheme.map(Self.webSchemes.contains) == true,
           Self.hasHost(resolved) {
            base = resolved
        }
        self.base = base
    }

    /// A resolver with a known base.
    init(base: URL?) { self.base = base }

    private static let webSchemes: Set<String> = ["http", "https"]

    /// Whether a web URL is well formed: `scheme://host…`, the host not empty.
    private static func hasHost(_ url: URL) -> Bool {
        guard let host = url.host, !host.isEmpty else { return false }
        let text = url.absoluteString
        guard let colon = text.firstIndex(of: ":") else { return false }
        return text[text.index(after: colon)...].hasPrefix("//")
    }

    /// `raw` made absolute; nil when it cannot be parsed.
    func resolve(_ raw: String) -> URL? { Self.parse(raw, relativeTo: base) }

    /// An absolute `http`, `https` or `mailto` URL for a link, or nil (`javascript:`, `data:`…).
    func link(_ raw: String) -> String? {
        guard let url = resolve(raw), let scheme = url.scheme?.lowercased() else { return nil }
        if scheme == "mailto" { return url.absoluteString }
        guard Self.webSchemes.contains(scheme), Self.hasHost(url) else { return nil }
        return url.absoluteString
    }

    /// An absolute `http` or `https` URL for an image, or a `data:` image whose bytes are a PNG, JPEG,
    /// GIF or WebP (re-encoded); nil otherwise.
    func image(_ raw: String) -> String? {
        let cleaned = Self.clean(raw)
        if cleaned.prefix(5).lowercased() == "data:" { return DataImage.checked(cleaned) }
        guard let url = resolve(cleaned), let scheme = url.scheme?.lowercased(), Self.webSchemes.contains(scheme),
              Self.hasHost(url) else { return nil }
        return url.absoluteString
    }

    /// What browsers strip before parsing: tabs and line breaks anywhere, controls and spaces at the ends.
    static func clean(_ raw: String) -> String {
        let utf8 = raw.utf8
        let hasBreaks = utf8.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if !hasBreaks, let first = utf8.first, let last = utf8.last, first > 0x20, last > 0x20 { return raw }
        // Code points up to U+0020 are single bytes, so trimming bytes trims them.
        var bytes = utf8.filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        let end = (bytes.lastIndex { $0 > 0x20 } ?? -1) + 1
        bytes.removeSubrange(end...)
        let start = bytes.firstIndex { $0 > 0x20 } ?? bytes.count
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    /// Bytes a URL may hold as they are; any other is percent-encoded.
    private static let allowed: [Bool] = {
        var table = Array(repeating: false, count: 256)
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%".utf8 {
            table[Int(byte)] = true
        }
        return table
    }()

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Parses a URL reference, percent-encoding what URL parsing refuses (spaces, non-ASCII).
    static func parse(_ raw: String, relativeTo base: URL?) -> URL? {
        let cleaned = clean(raw)
        guard !cleaned.isEmpty, cleaned.utf8.count <= 8192 else { return nil }
        var encoded: [UInt8] = []
        encoded.reserveCapacity(cleaned.utf8.count + 16)
        for byte in cleaned.utf8 {
            if allowed[Int(byte)] {
                encoded.append(byte)
            } else {
                encoded.append(0x25)
                encoded.append(hexDigits[Int(byte >> 4)])
                encoded.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        guard let url = URL(string: String(decoding: encoded, as: UTF8.self), relativeTo: base)?.absoluteURL,
              url.scheme != nil else { return nil }
        return url
    }
}

/// `data:` images: kept only when they decode to the raster format they claim.
enum DataImage {
    /// The data URL re-encoded from its decoded bytes, when it is a base64 PNG, JPEG, GIF or WebP of at
    /// most 2 MB whose first bytes are that format's signature; nil otherwise.
    static func checked(_ url: String) -> String? {
        guard url.utf8.count < 3_000_000, let comma = url.firstIndex(of: ",") else { return nil }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma].lowercased()
        let parts = header.split(separator: ";")
        guard parts.last == "base64", let type = parts.first.map(String.init) else { return nil }
        guard let data = Data(base64Encoded: String(url[url.index(after: comma)...]), options: .ignoreUnknownCharacters),
              !data.isEmpty else { return nil }
        let bytes = [UInt8](data.prefix(12))
        let valid: Bool
        switch type {
        case "image/png": valid = bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case "image/jpeg", "image/jpg": valid = bytes.starts(with: [0xFF, 0xD8, 0xFF])
        case "image/gif": valid = bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8))
        case "image/webp": valid = bytes.count >= 12 && bytes.starts(with: Array("RIFF".utf8)) && Array(bytes[8..<12]) == Array("WEBP".utf8)
        default: valid = false
        }
        return valid ? "data:\(type);base64,\(data.base64EncodedString())" : nil
    }
}
