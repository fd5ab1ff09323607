/// Whether a page is an article at all: enough long, visible paragraphs outside page furniture
/// (the idea of Readability's `isProbablyReaderable`, over our parsed tree).
enum Readerable {
    /// Minimum length of a paragraph that counts, and the score a page needs.
    static let minimumLength = 140
    static let minimumScore = 20.0

    /// Decides on `document` after hidden nodes are dropped and before class-based removal.
    static func isReaderable(_ document: Document) -> Bool {
        var score = 0.0
        var found = false
        document.walk(0) { node in
            if found || document.isText(node) { return false }
            let name = document.names[node]
            let counts: Bool
            switch name {
            case "p", "pre", "article": counts = true
            case "div": counts = document.children(of: node).contains { document.names[$0] == "br" }
            default: counts = false
            }
            guard counts else { return true }
            let match = document.classAndID(node)
            if ClassPatterns.matches(match, ClassPatterns.unlikely), !ClassPatterns.matches(match, ClassPatterns.maybeContent) {
                return name != "p"
            }
            if name == "p", document.parents[node] >= 0, document.names[document.parents[node]] == "li" { return false }
            let length = document.textLength(node)
            if length >= minimumLength {
                score += (Double(length - minimumLength)).squareRoot()
                if score > minimumScore { found = true }
            }
            return name != "p" && name != "pre"
        }
        return found
    }
}
