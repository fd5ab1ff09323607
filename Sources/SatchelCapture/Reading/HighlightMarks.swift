/// Shows highlights in an article rendered for the terminal: each placed passage is found again in the
/// rendered text (whose lines are wrapped and whose blocks are decorated) and wrapped in `⟦…⟧`, followed
/// by its footnote number when it has a note.
public enum HighlightMarks {
    /// One highlight to show: its place in the plain text (Unicode scalars) and its footnote label, if any.
    public struct Mark: Sendable {
        /// Start in the plain text.
        public var start: Int
        /// End in the plain text (exclusive).
        public var end: Int
        /// The footnote label written after it (`[1]`), or nil.
        public var label: String?

        /// A mark.
        public init(start: Int, end: Int, label: String?) {
            self.start = start
            self.end = end
            self.label = label
        }
    }

    /// `rendered` with the marks that could be found in it; returns the indexes of the marks shown.
    public static func apply(_ marks: [Mark], plainText: String, rendered: String) -> (text: String, shown: Set<Int>) {
        let plainScalars = Array(plainText.unicodeScalars)
        let plainFolded = FoldedText(plainText)
        let renderedFolded = FoldedText(rendered)
        var inserts: [(offset: Int, text: String, order: Int)] = []
        var shown = Set<Int>()
        for (index, mark) in marks.enumerated() {
            guard mark.start >= 0, mark.end <= plainScalars.count, mark.start < mark.end else { continue }
            let exact = String(String.UnicodeScalarView(plainScalars[mark.start..<mark.end]))
            let needle = FoldedText(exact, trimmed: true).scalars
            // The same passage may repeat: show the occurrence that is this one.
            let before = QuoteAnchoring.find(needle, in: plainFolded.scalars)
                .filter { plainFolded.originalRange($0).lowerBound < mark.start }.count
            let found = QuoteAnchoring.find(needle, in: renderedFolded.scalars)
            guard before < found.count else { continue }
            let range = renderedFolded.originalRange(found[before])
            inserts.append((range.lowerBound, "⟦", 1))
            inserts.append((range.upperBound, "⟧" + (mark.label.map { "[\($0)]" } ?? ""), 0))
            shown.insert(index)
        }
        var scalars = Array(rendered.unicodeScalars)
        for insert in inserts.sorted(by: { ($0.offset, $0.order) > ($1.offset, $1.order) }) {
            scalars.insert(contentsOf: insert.text.unicodeScalars, at: insert.offset)
        }
        return (String(String.UnicodeScalarView(scalars)), shown)
    }
}
