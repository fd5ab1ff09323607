/// Whitespace rules shared by scoring, text output and metadata.
enum Whitespace {
    /// Whether `scalar` counts as whitespace for collapsing (ASCII spaces, NBSP and Unicode spaces).
    @inline(__always) static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0C, 0x0D, 0xA0: true
        case 0..<0x80: false
        default: scalar.properties.isWhitespace
        }
    }

    /// `text` with each run of whitespace turned into one space, trimmed at both ends.
    static func collapse(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Number of scalars `text` has once collapsed (without building it).
    static func collapsedLength(_ text: String) -> Int {
        var length = 0
        var inSpace = true
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                if !inSpace { length += 1 }
                inSpace = true
            } else {
                length += 1
                inSpace = false
            }
        }
        return length
    }
}
