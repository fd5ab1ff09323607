import Foundation

/// UUID text without Foundation's Linux `snprintf`/`sscanf`: the sync hot paths format and parse
/// hundreds of ids per request.
extension UUID {
    /// Parses the 8-4-4-4-12 hex form, in either case, from UTF-8 bytes; `nil` for anything else.
    public init?(utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count == 36 else { return nil }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let valid = withUnsafeMutableBytes(of: &raw) { raw in
            var digits = 0
            for (position, char) in utf8.enumerated() {
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard char == 0x2D else { return false }
                    continue
                }
                let letter = (char | 0x20) &- 0x61
                let nibble = char &- 0x30 < 10 ? char &- 0x30 : letter < 6 ? letter + 10 : 0xFF
                guard nibble < 16 else { return false }
                raw[digits >> 1] |= digits & 1 == 0 ? nibble << 4 : nibble
                digits += 1
            }
            return true
        }
        guard valid else { return nil }
        self.init(uuid: raw)
    }

    /// Parses the 8-4-4-4-12 hex form, in either case; `nil` for anything else.
    public init?(text: String) {
        var text = text
        guard let id = text.withUTF8({ UUID(utf8: $0) }) else { return nil }
        self = id
    }

    /// The uppercase 8-4-4-4-12 form, exactly as `uuidString` spells it.
    public var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        bytes.appendUUIDDigits(self)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension [UInt8] {
    /// Appends a UUID's digits in Foundation's uppercase form.
    public mutating func appendUUIDDigits(_ id: UUID) {
        // Formatted in a stack buffer and appended at once: one capacity check instead of 36.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { text in
            Swift.withUnsafeBytes(of: id.uuid) { raw in
                var position = 0
                for offset in 0..<16 {
                    if offset == 4 || offset == 6 || offset == 8 || offset == 10 {
                        text[position] = 0x2D
                        position += 1
                    }
                    text[position] = upperHexDigit(raw[offset] >> 4)
                    text[position + 1] = upperHexDigit(raw[offset] & 0xF)
                    position += 2
                }
            }
            append(contentsOf: UnsafeBufferPointer(text))
        }
    }
}

/// The uppercase hex digit of a value below 16.
@inline(__always)
private func upperHexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? 0x30 + nibble : 0x37 + nibble
}
