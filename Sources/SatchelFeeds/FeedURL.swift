import Foundation

/// Addresses in feeds: made absolute against `xml:base` or the feed's own address, and kept only when http(s).
public enum FeedURL {
    /// `raw` resolved against `base` (itself absolute, or nil); nil when it cannot be read.
    public static func resolve(_ raw: String, against base: String?) -> String? {
        let cleaned = clean(raw)
        guard !cleaned.isEmpty || base != nil else { return nil }
        let baseURL = base.flatMap { URL(string: clean($0)) }
        guard let url = URL(string: cleaned, relativeTo: baseURL) ?? URL(string: escape(cleaned), relativeTo: baseURL) else { return nil }
        return url.absoluteURL.absoluteString
    }

    /// An absolute http or https address for a link, or nil (`javascript:`, `mailto:`, no host…).
    public static func webLink(_ raw: String, against base: String?) -> String? {
        guard let resolved = resolve(raw, against: base), let url = URL(string: resolved),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else { return nil }
        return resolved
    }

    /// What browsers strip before parsing: tabs and line breaks anywhere, spaces and controls at the ends.
    static func clean(_ raw: String) -> String {
        var text = raw.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: " \u{0C}\u{0B}\u{A0}").union(.controlCharacters))
        return text
    }

    /// Spaces and other characters URL(string:) refuses, percent-escaped (non-ASCII as UTF-8).
    private static func escape(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
                && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "^") && byte != UInt8(ascii: "`")
                && byte != UInt8(ascii: "{") && byte != UInt8(ascii: "|") && byte != UInt8(ascii: "}") {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }
}
