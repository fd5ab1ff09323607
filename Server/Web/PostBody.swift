import Foundation

/// A post's body cut into what the page shows: paragraphs (split at blank lines) and figures.
///
/// A paragraph that is only `![caption](/static/name)` becomes a figure with that caption; a figure
/// first in the body is the post's featured image. Only the server's own static files are shown
/// as images, so a post cannot make readers' browsers call other sites.
struct PostBody {
    /// An image with its caption.
    struct Figure: Sendable, Equatable {
        /// Where the image is served, under `/static/`.
        let src: String
        /// The caption, also the image's alternative text.
        let caption: String
    }

    /// One block; exactly one of the two is set (Mustache sections test each).
    struct Block: Sendable, Equatable {
        /// A paragraph's text.
        let paragraph: String?
        /// A figure.
        let figure: Figure?
    }

    /// The blocks after the featured image.
    let blocks: [Block]
    /// The first block, when it is a figure.
    let featured: Figure?

    /// Splits `text` into blocks.
    init(_ text: String) {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        var blocks = normalized.components(separatedBy: "\n\n").compactMap { raw -> Block? in
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { return nil }
            if let figure = Self.figure(trimmed) { return Block(paragraph: nil, figure: figure) }
            return Block(paragraph: trimmed, figure: nil)
        }
        if let first = blocks.first?.figure {
            featured = first
            blocks.removeFirst()
        } else {
            featured = nil
        }
        self.blocks = blocks
    }

    /// `![caption](/static/file.ext)` as a figure; `nil` for anything else.
    static func figure(_ text: String) -> Figure? {
        guard text.hasPrefix("!["), text.hasSuffix(")"), !text.contains("\n"),
              let middle = text.range(of: "](")
        else { return nil }
        let caption = String(text[text.index(text.startIndex, offsetBy: 2)..<middle.lowerBound])
        let src = String(text[middle.upperBound..<text.index(before: text.endIndex)])
        let name = src.dropFirst("/static/".count)
        guard src.hasPrefix("/static/"), !name.isEmpty,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }),
              !name.hasPrefix(".")
        else { return nil }
        return Figure(src: src, caption: caption.trimmingCharacters(in: .whitespaces))
    }
}
