/// The lines of a terminal rendering and the containers that prefix them: block quotes (`│ `) and
/// list items (a marker on the first line, spaces under it after). Blocks ask for a blank line before
/// the next line; the blank line carries the prefixes of the containers around both lines.
struct TerminalLayout {
    /// A container's prefix: `first` on its first line, `rest` after.
    struct Container {
        var first: String
        var rest: String
    }

    /// Containers past this depth add no more indentation (the innermost still shows its marker).
    static let maximumLevels = 8

    /// Columns of the whole output.
    let width: Int
    /// The lines written so far, without line feeds.
    private(set) var lines: [String] = []
    private var containers: [Container] = []
    /// Containers below this index have written their first line.
    private var startedCount = 0
    /// The fewest containers open since the last line: those the next blank line belongs to.
    private var sharedCount = 0
    private var blankPending = false

    /// A layout for `width` columns.
    init(width: Int) { self.width = width }

    /// Asks for a blank line before the next line (none at the very start).
    mutating func requestBlankLine() { blankPending = true }

    /// Opens a container.
    mutating func push(_ container: Container) { containers.append(container) }

    /// Closes the innermost container; a list item that wrote nothing still shows its marker.
    mutating func pop() {
        if containers.count > startedCount, containers.last?.first != containers.last?.rest {
            addLine("")
        }
        containers.removeLast()
        startedCount = min(startedCount, containers.count)
        sharedCount = min(sharedCount, containers.count)
    }

    /// Columns left for text after the containers' prefixes and `lead`.
    func available(after lead: String = "") -> Int {
        let used = DisplayWidth.of(prefix(first: false)) + DisplayWidth.of(lead)
        return max(width - used, min(width / 2, 16))
    }

    /// Writes a paragraph: each line break in `text` starts a new line, each line wrapped; `lead` and
    /// `leadRest` go before the first line and the others (a heading's `## `).
    mutating func paragraph(_ text: String, lead: String = "", leadRest: String = "") {
        var pieces = text.split(separator: "\n", omittingEmptySubsequences: false)
        while let last = pieces.last, last.allSatisfy({ $0 == " " }) { pieces.removeLast() }
        guard !pieces.isEmpty else { return }
        let columns = available(after: lead)
        var first = true
        for piece in pieces {
            let wrapped = LineWrapper.wrap(piece, width: columns)
            for line in wrapped.isEmpty ? [""] : wrapped {
                addLine((first ? lead : leadRest) + line)
                first = false
            }
        }
    }

    /// Writes lines as they are (a `<pre>`), each after `indent`, tabs expanded to stops every 8 columns.
    mutating func verbatim(_ text: [Substring], indent: String) {
        for line in text { addLine(line.isEmpty ? "" : indent + Self.expandingTabs(line)) }
    }

    private static func expandingTabs(_ line: Substring) -> String {
        guard line.contains("\t") else { return String(line) }
        var result = ""
        var column = 0
        for character in line {
            if character == "\t" {
                let spaces = 8 - column % 8
                result += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                result.append(character)
                column += DisplayWidth.of(character)
            }
        }
        return result
    }

    /// Adds `suffix` to the last line written (a footnote mark for a link that held whole blocks).
    mutating func appendToLastLine(_ suffix: String) {
        guard !lines.isEmpty else { return addLine(suffix) }
        lines[lines.count - 1] += suffix
    }

    /// Writes a horizontal rule across the available width.
    mutating func rule() { addLine(String(repeating: "─", count: available())) }

    /// Writes one line after the containers' prefixes (and the blank line asked for before it).
    mutating func addLine(_ content: String) {
        if blankPending, !lines.isEmpty, lines.last?.isEmpty == false {
            lines.append(trimmedEnd(prefix(first: false, count: sharedCount)))
        }
        blankPending = false
        lines.append(trimmedEnd(prefix(first: true) + content))
        startedCount = containers.count
        sharedCount = containers.count
    }

    /// The prefix of the first `count` containers (all by default), markers included when `first`.
    private func prefix(first: Bool, count: Int? = nil) -> String {
        let count = count ?? containers.count
        var result = ""
        var indices = Array(0..<min(count, Self.maximumLevels - 1))
        if count >= Self.maximumLevels { indices.append(count - 1) }
        for index in indices {
            let container = containers[index]
            result += first && index >= startedCount ? container.first : container.rest
        }
        return result
    }

    private func trimmedEnd(_ line: String) -> String {
        var line = Substring(line)
        while line.last == " " { line = line.dropLast() }
        return String(line)
    }
}
