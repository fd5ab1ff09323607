import Foundation
import SatchelMarkdown
import Testing
@testable import SatchelServer

/// Bodies written before posts were Markdown (issue 36) read as they did: the demo content and plain-text
/// bodies like today's, rendered by the old rules (kept here as the oracle) and by CommonMark, compared as
/// a reader sees them (entities decoded, the same elements in the same order).
@Suite("Post bodies written before Markdown")
struct PostBodyMigrationTests {
    /// The blog's rendering before issue 36: paragraphs split at blank lines, each escaped in a `<p>`; a
    /// paragraph that is only `![caption](/static/name)` a figure (the first block, the featured one).
    static func before(_ text: String) -> (featured: String?, body: String) {
        var blocks = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").compactMap { raw -> String? in
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { return nil }
            if let (src, caption) = figure(trimmed) {
                return "<figure><img src=\"\(src)\" alt=\"\(HTMLText.escape(caption))\" loading=\"lazy\"><figcaption>\(HTMLText.escape(caption))</figcaption></figure>"
            }
            return "<p>\(HTMLText.escape(trimmed))</p>"
        }
        var featured: String?
        if let first = blocks.first, first.hasPrefix("<figure>"), let (src, caption) = figure(text.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n\n")[0]) {
            featured = "<figure class=\"featured\"><img src=\"\(src)\" alt=\"\(HTMLText.escape(caption))\"><figcaption>\(HTMLText.escape(caption))</figcaption></figure>"
            blocks.removeFirst()
        }
        return (featured, blocks.joined(separator: "\n"))
    }

    static func figure(_ text: String) -> (String, String)? {
        guard text.hasPrefix("!["), text.hasSuffix(")"), !text.contains("\n"), let middle = text.range(of: "](") else { return nil }
        let caption = String(text[text.index(text.startIndex, offsetBy: 2)..<middle.lowerBound])
        let src = String(text[middle.upperBound..<text.index(before: text.endIndex)])
        let name = src.dropFirst("/static/".count)
        guard src.hasPrefix("/static/"), !name.isEmpty, !name.hasPrefix("."),
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        else { return nil }
        return (src, caption.trimmingCharacters(in: .whitespaces))
    }

    /// HTML as a reader meets it: entities decoded, white space between and inside elements collapsed.
    static func normalized(_ html: String) -> String {
        var text = html
        for (entity, character) in [("&quot;", "\""), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ").replacingOccurrences(of: "> <", with: "><")
    }

    /// Plain-text bodies as authors wrote them before: line breaks inside paragraphs, Windows line ends, runs of
    /// blank lines, characters HTML escapes, quotes, Unicode.
    static let plainBodies = [
        "Written offline, published online.",
        "First paragraph.\n\nSecond paragraph,\nwith a line break inside.",
        "Windows line ends.\r\n\r\nStill two paragraphs.",
        "Many blank lines.\n\n\n\n\nBetween these two.",
        "  Leading and trailing space.  \n\n",
        "Angle brackets: a < b and c > d; tags shown as text: <b>bold</b>, <script>alert(1)</script>.",
        "Ampersands & \"double\" and 'single' quotes; an em dash — and café, 東京, 🚲.",
        "Prices: 5 € or $10, 50% off.",
        "![A harbour](/static/harbour-at-dawn.svg)\n\nA featured image, then text.",
        "Text first.\n\n![An image in the body](/static/harbour-at-dawn.svg)\n\nText after.",
    ]

    @Test("the demo content and plain-text bodies render as they did before Markdown")
    func renderAsBefore() {
        for body in DemoArticles.all.map(\.body) + Self.plainBodies {
            let old = Self.before(body)
            let new = PostMarkdown.render(body)
            #expect(new.featured?.html == old.featured, "\(body.prefix(60))")
            #expect(Self.normalized(new.html) == Self.normalized(old.body), "\(body.prefix(60))\n\(new.html)\n\(old.body)")
        }
    }
}
