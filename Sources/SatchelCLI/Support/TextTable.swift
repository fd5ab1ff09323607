/// Plain-text columns for lists: each column as wide as its widest cell, the last one left ragged.
public struct TextTable: Sendable {
    /// Column titles.
    public var headers: [String]
    /// Cells, one array per row.
    public var rows: [[String]]

    /// Creates a table.
    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    /// The table as lines of text, ending with a newline; only the headers when there are no rows.
    public func render() -> String {
        let all = [headers] + rows
        let count = headers.count
        var widths = [Int](repeating: 0, count: count)
        for row in all {
            for (index, cell) in row.prefix(count).enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return all.map { row in
            row.prefix(count).enumerated().map { index, cell in
                index == count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// The string without spaces at its end.
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }

    /// At most `length` characters, ending with `…` when cut.
    func truncated(to length: Int) -> String {
        count <= length ? self : String(prefix(max(0, length - 1))) + "…"
    }
}
