import Foundation

/// Derived text of a post: its slug and its excerpt.
enum PostText {
    /// A URL-safe slug from a title: lower-case ASCII letters and digits joined by hyphens.
    static func slug(from title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
            if slug.count >= 80 { break }
        }
        return slug.isEmpty ? "post" : slug
    }

    /// The first ~40 words of the body, ending with an ellipsis when cut.
    static func excerpt(from body: String, words limit: Int = 40) -> String {
        let words = body.split(whereSeparator: \.isWhitespace)
        let text = words.prefix(limit).joined(separator: " ")
        return words.count > limit ? text + "…" : text
    }
}
