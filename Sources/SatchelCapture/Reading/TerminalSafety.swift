/// What may reach a terminal from a page: no control characters (C0, DEL, C1, so no escape sequences)
/// and no bidirectional overrides or isolates, which could move the cursor, retitle the window or make
/// text read differently from what it is.
enum TerminalSafety {
    /// Whether `scalar` must never be written to a terminal (newlines are the renderer's own business).
    @inline(__always) static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0xAD, 0x202A...0x202E, 0x2066...0x2069: true  // 0xAD: soft hyphen, invisible
        default: false
        }
    }

    /// Whether `scalar` is whitespace that collapses outside `<pre>` (ASCII whitespace and the line and
    /// paragraph separators; the no-break space is kept and never breaks a line).
    @inline(__always) static func isCollapsible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0C, 0x0D, 0x2028, 0x2029: true
        default: false
        }
    }

    /// `text` on one line: forbidden characters dropped, whitespace collapsed to single spaces, trimmed.
    static func clean(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isCollapsible(scalar) {
                pendingSpace = !result.isEmpty
            } else if !isForbidden(scalar) {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// UTF-8 `html` without the forbidden characters (tab, line feed, form feed and carriage return stay):
    /// removed before parsing, since the parser would turn most of them into U+FFFD.
    static func strippingSource(_ html: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(html.utf8.count)
        var bytes = html.utf8.makeIterator()
        var held: [UInt8] = []  // the start of a multi-byte sequence that may be forbidden
        while let byte = bytes.next() {
            if !held.isEmpty {
                held.append(byte)
                switch (held[0], held.count) {
                case (0xC2, 2):
                    if !(0x80...0x9F).contains(byte) { result += held }  // C1 controls are C2 80…9F
                    held.removeAll(keepingCapacity: true)
                case (0xE2, 2):
                    if byte != 0x80 && byte != 0x81 {
                        result += held
                        held.removeAll(keepingCapacity: true)
                    }
                case (_, 3):
                    let bidi = held[1] == 0x80 ? (0xAA...0xAE).contains(byte) : (0xA6...0xA9).contains(byte)
                    if !bidi { result += held }
                    held.removeAll(keepingCapacity: true)
                default:
                    result += held
                    held.removeAll(keepingCapacity: true)
                }
                continue
            }
            switch byte {
            case 0x09, 0x0A, 0x0C, 0x0D: result.append(byte)
            case 0x00...0x1F, 0x7F: continue
            case 0xC2, 0xE2: held.append(byte)
            default: result.append(byte)
            }
        }
        result += held
        return result
    }

    /// `text` with every forbidden character but the line feed dropped, and no-break spaces made plain.
    static func finalPass(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                result.append(scalar)
            } else if scalar == "\u{A0}" {
                result.append(" ")
            } else if !isForbidden(scalar) {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
