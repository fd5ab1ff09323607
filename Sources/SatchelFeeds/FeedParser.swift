import Foundation
import SatchelCapture

/// Bytes to a ``Feed``: Atom 1.0 (and 0.3), RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and JSON Feed 1.0 and 1.1.
///
/// No I/O. The bytes are decoded by ``FeedEncoding``, XML is read by ``TolerantXMLParser`` (forgiving, never
/// expanding a declared entity), JSON by Satchel's own parser (depth-limited). Titles become plain text (RSS
/// titles and Atom `html`/`xhtml` titles are HTML to browsers and feed readers); addresses are resolved against
/// `xml:base` and the feed's address and kept only when http(s).
public enum FeedParser {
    /// Parses a fetched feed. `url` is the address it was fetched from (after redirects), for relative links;
    /// `contentType` the response's `Content-Type`, for its charset.
    public static func parse(_ bytes: [UInt8], url: String?, contentType: String? = nil, limits: FeedLimits = .standard) throws(FeedError) -> Feed {
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(bytes.count) }
        let (decoded, source) = FeedEncoding.utf8(bytes, contentType: contentType)
        guard let first = decoded.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { throw .empty }
        var feed: Feed
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            feed = try JSONFeedReader.read(decoded, url: url, limits: limits)
        } else {
            let tree = TolerantXMLParser.parse(
                decoded, documentURL: url,
                limits: XMLParseLimits(maxElements: limits.maxElements, maxDepth: 128, maxEntries: limits.maxEntries))
            feed = try XMLFeedReader(tree: tree, documentURL: url).read()
            feed.notes.refusedEntityDeclarations = tree.refusedEntityDeclarations
            feed.notes.refusedEntityReferences = tree.refusedEntityReferences
            feed.notes.recoveredErrors = tree.recoveredErrors
            feed.notes.skippedEntries += tree.skippedEntries
            feed.notes.truncated = tree.truncated
        }
        feed.notes.encoding = source.rawValue
        return feed
    }
}

/// Text fields: HTML made plain text, whitespace collapsed, controls dropped, lengths bounded.
enum FeedText {
    static func plain(_ raw: String, html: Bool, maxCharacters: Int = 1_000) -> String? {
        var text = html ? PageLinks.plainText(ofHTML: raw) : collapse(raw)
        text = withoutControls(text)
        if text.count > maxCharacters { text = String(text.prefix(maxCharacters - 1)) + "…" }
        return text.isEmpty ? nil : text
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n" || $0 == "\u{A0}" })
            .joined(separator: " ")
    }

    static func withoutControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isControl(scalar) { scalars.append(scalar) }
        return String(scalars)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (scalar.value >= 0x7F && scalar.value < 0xA0)
            || scalar == "\u{FEFF}"
    }

    /// An id or address as written: trimmed, controls dropped, empty as nil, at most 2,000 characters.
    static func token(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let text = withoutControls(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        return text.isEmpty || text.count > 2_000 ? nil : text
    }

    /// HTML content bounded at 2 MiB (cut at a character boundary).
    static func html(_ raw: String?) -> String? {
        guard let raw, !raw.allSatisfy(\.isWhitespace) else { return nil }
        let limit = 2 << 20
        if raw.utf8.count <= limit { return raw }
        return String(decoding: raw.utf8.prefix(limit), as: UTF8.self)
    }
}
