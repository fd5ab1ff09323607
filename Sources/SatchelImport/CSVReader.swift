/// RFC 4180 CSV: fields separated by commas, rows by CRLF or LF, quoted fields with doubled quotes inside
/// and line breaks allowed. Cells are text, never evaluated: a cell starting with `=`, `+`, `-` or `@` stays
/// the text it is.
enum CSVReader {
    /// Longest field accepted.
    static let maximumFieldBytes = 1 << 20

    /// The rows of `text`; empty lines are skipped.
    static func rows(_ text: String) throws(ImportError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false
        var utf8 = Array(text.utf8)
        utf8.append(0x0A)  // ends the last row
        var index = 0
        func endField() {
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        while index < utf8.count {
            let byte = utf8[index]
            index += 1
            if quoted {
                if byte == 0x22 {
                    if index < utf8.count && utf8[index] == 0x22 {
                        field.append(0x22)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    field.append(byte)
                }
            } else {
                switch byte {
                case 0x22 where field.isEmpty && !afterQuote:
                    quoted = true
                case 0x2C:
                    endField()
                case 0x0D:
                    continue
                case 0x0A:
                    endField()
                    if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                    row.removeAll(keepingCapacity: true)
                default:
                    field.append(byte)
                }
            }
            if field.count > maximumFieldBytes {
                throw .malformed("a field on row \(rows.count + 1) is longer than 1 MiB (an unclosed quote?)")
            }
        }
        if quoted { throw .malformed("a quote opened on row \(rows.count + 1) is never closed") }
        return rows
    }
}
