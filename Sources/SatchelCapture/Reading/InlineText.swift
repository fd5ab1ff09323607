/// The text of the paragraph being built, with whitespace collapsed as a browser collapses it and the
/// plain-text marks of emphasis placed around the words they cover. A line feed in `text` is a line
/// break the page asked for (`<br>`, an image on its own line).
struct InlineText {
    /// The paragraph so far.
    private(set) var text = String.UnicodeScalarView()
    /// Marks opened and not yet closed: their closing text, and whether the opening was written.
    private var marks: [(open: String, close: String, written: Bool)] = []
    /// Marks below this index are written.
    private var writtenCount = 0
    /// Marks nested deeper than this write nothing (a hostile page may nest hundreds).
    private static let maximumMarks = 8
    private var pendingSpace = false
    private var pendingBreak = false
    /// The visible text of the open link (to tell whether it shows its own URL), and whether anything
    /// (text or image) was written inside it.
    private(set) var linkText: String.UnicodeScalarView?
    private(set) var linkHasContent = false

    /// Whether nothing has been written since the last `take()`.
    var isEmpty: Bool { text.isEmpty }

    /// Appends page text: whitespace runs become one space (none at the start of a line), forbidden
    /// characters are dropped.
    mutating func append(_ source: String) {
        for scalar in source.unicodeScalars {
            if TerminalSafety.isCollapsible(scalar) {
                pendingSpace = true
            } else if !TerminalSafety.isForbidden(scalar) {
                prepareContent()
                text.append(scalar)
                linkText?.append(scalar)
            }
        }
    }

    /// Appends text made by the renderer (a marker, an image's label), written as it is.
    mutating func appendAtom(_ atom: String) {
        prepareContent()
        text.append(contentsOf: atom.unicodeScalars)
    }

    /// Appends a separator that carries its own spaces (a table's ` │ `): no other space next to it.
    mutating func appendSeparator(_ separator: String) {
        pendingSpace = false
        pendingBreak = false
        text.append(contentsOf: separator.unicodeScalars)
    }

    /// Appends text right after the last content, before any pending space or break (a footnote mark).
    mutating func appendSuffix(_ suffix: String) {
        text.append(contentsOf: suffix.unicodeScalars)
    }

    /// Makes the next content start a line of its own (an image in a paragraph).
    mutating func startOwnLine() {
        if let last = text.last, last != "\n" { text.append("\n") }
        pendingSpace = false
        pendingBreak = false
    }

    /// Asks for a space before the next content (as whitespace in the page would).
    mutating func space() { pendingSpace = true }

    /// A line break now (`<br>`: two make an empty line).
    mutating func lineBreak() {
        writeBreakIfPending()
        pendingSpace = false
        text.append("\n")
    }

    /// A line break before the next content, if any comes (after an image on its own line).
    mutating func breakBeforeNextContent() { pendingBreak = true }

    /// Opens a mark (`_` for emphasis): written just before the next content, so never before a space.
    mutating func open(_ open: String, close: String) {
        marks.append(marks.count < Self.maximumMarks ? (open, close, false) : ("", "", false))
    }

    /// Closes the innermost mark: its closing text follows the content, or nothing if there was none.
    mutating func close() {
        guard let mark = marks.popLast() else { return }
        writtenCount = min(writtenCount, marks.count)
        guard mark.written else { return }
        text.append(contentsOf: mark.close.unicodeScalars)
    }

    /// Starts tracking the text of a link.
    mutating func startLink() {
        linkText = String.UnicodeScalarView()
        linkHasContent = false
    }

    /// Stops tracking the link and returns its visible text and whether it had any content.
    mutating func endLink() -> (text: String, hasContent: Bool) {
        defer { linkText = nil; linkHasContent = false }
        return (String(linkText ?? String.UnicodeScalarView()), linkHasContent)
    }

    /// The paragraph, with its open marks closed (they reopen before the next paragraph's content).
    mutating func take() -> String {
        for index in marks.indices.reversed() where marks[index].written {
            text.append(contentsOf: marks[index].close.unicodeScalars)
            marks[index].written = false
        }
        writtenCount = 0
        let result = String(text)
        text = String.UnicodeScalarView()
        pendingSpace = false
        pendingBreak = false
        return result
    }

    /// Writes the pending break or space, then the openings of marks not yet written.
    private mutating func prepareContent() {
        if linkText != nil { linkHasContent = true }
        writeBreakIfPending()
        if pendingSpace, let last = text.last, last != " ", last != "\n" {
            text.append(" ")
            if linkText?.isEmpty == false { linkText?.append(" ") }
        }
        pendingSpace = false
        while writtenCount < marks.count {
            text.append(contentsOf: marks[writtenCount].open.unicodeScalars)
            marks[writtenCount].written = true
            writtenCount += 1
        }
    }

    private mutating func writeBreakIfPending() {
        if pendingBreak, !text.isEmpty {
            text.append("\n")
            pendingSpace = false
        }
        pendingBreak = false
    }
}
