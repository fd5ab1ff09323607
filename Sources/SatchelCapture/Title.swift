import Foundation

/// The article's title when the page's metadata gives none: the `<title>` without the site's name
/// (`Story – Site`, `Site | Story`, `Site: Story`), or the page's one `<h1>`.
enum Title {
    private static let separators = [" | ", " - ", " – ", " — ", " \\ ", " / ", " > ", " » ", " · ", " :: "]

    /// The title from `<title>` and the page's headings.
    static func fromPage(_ document: Document, documentTitle original: String) -> String {
        var title = original
        var hadSeparator = false
        let words = { (text: String) in text.split(whereSeparator: { Whitespace.isSpace($0.unicodeScalars.first!) }).count }
        if let separator = lastSeparator(in: original) {
            hadSeparator = true
            title = String(original[..<separator.lowerBound])
            if words(title) < 3, let first = firstSeparator(in: original) {
                title = String(original[first.upperBound...])
            }
        } else if original.contains(": ") {
            let headings = document.elements(named: "h1") + document.elements(named: "h2")
            let trimmed = original.trimmingSpaces
            if !headings.contains(where: { document.textContent($0) == trimmed }) {
                let colon = original.range(of: ": ", options: .backwards)!
                title = String(original[colon.upperBound...])
                if words(title) < 3, let first = original.range(of: ": ") {
                    title = String(original[first.upperBound...])
                } else if let first = original.range(of: ": "), words(String(original[..<first.lowerBound])) > 5 {
                    title = original
                }
            }
        } else if original.count > 150 || original.count < 15 {
            let headings = document.elements(named: "h1")
            if headings.count == 1 { title = document.textContent(headings[0]) }
        }
        title = Whitespace.collapse(title)
        let count = words(title)
        if count <= 4, !hadSeparator || count != words(removingSeparators(original)) - 1 {
            title = original
        }
        return Whitespace.collapse(title)
    }

    private static func lastSeparator(in text: String) -> Range<String.Index>? {
        separators.compactMap { text.range(of: $0, options: .backwards) }.max { $0.lowerBound < $1.lowerBound }
    }

    private static func firstSeparator(in text: String) -> Range<String.Index>? {
        separators.compactMap { text.range(of: $0) }.min { $0.lowerBound < $1.lowerBound }
    }

    private static func removingSeparators(_ text: String) -> String {
        var result = text
        for separator in separators { result = result.replacingOccurrences(of: separator, with: " ") }
        return result
    }
}
