/// Builds UTF-8 output a byte at a time (HTML and text writers), escaping and collapsing whitespace
/// without going through `Character`s.
struct ByteWriter {
    var bytes: [UInt8] = []

    /// The output as a string.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func write(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Writes `text` escaped for HTML text or a double-quoted attribute, dropping control characters
    /// other than tab and line feed. With `collapse`, runs of whitespace become one space.
    mutating func writeEscaped(_ text: String, attribute: Bool = false, collapse: Bool = false) {
        var text = text
        text.withUTF8 { writeEscaped($0, attribute: attribute, collapse: collapse) }
    }

    /// Writes UTF-8 `source` escaped, as ``writeEscaped(_:attribute:collapse:)`` does.
    mutating func writeEscaped(_ source: UnsafeBufferPointer<UInt8>, attribute: Bool = false, collapse: Bool = false) {
        do {
            // A run of spaces continues across text nodes that only a dropped element separated: parsed
            // again they are one node, so writing a second space here would make sanitizing not idempotent.
            var inSpace = collapse && bytes.last == 0x20
            var index = 0
            while index < source.count {
                let byte = source[index]
                index += 1
                if collapse, Whitespace.isASCIISpace(byte) || (byte == 0xC2 && index < source.count && source[index] == 0xA0) {
                    if byte == 0xC2 { index += 1 }
                    if !inSpace { bytes.append(0x20) }
                    inSpace = true
                    continue
                }
                // Dropped control characters end no run of spaces (they leave no trace).
                if byte < 0x20 && byte != 0x09 && byte != 0x0A || byte == 0x7F { continue }
                inSpace = false
                switch byte {
                case 0x26: bytes.append(contentsOf: "&amp;".utf8)
                case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
                case 0x3E: bytes.append(contentsOf: "&gt;".utf8)
                case 0x22 where attribute: bytes.append(contentsOf: "&quot;".utf8)
                case 0x27 where attribute: bytes.append(contentsOf: "&#39;".utf8)
                case 0x09, 0x0A: bytes.append(byte)
                case 0..<0x20, 0x7F: continue
                default: bytes.append(byte)
                }
            }
        }
    }
}
