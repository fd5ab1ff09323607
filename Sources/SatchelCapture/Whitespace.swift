/// Whitespace rules shared by scoring, text output and metadata, on UTF-8 bytes (ASCII whitespace and
/// the no-break space collapse; other Unicode spaces are kept as they are).
enum Whitespace {
    /// Whether `scalar` counts as whitespace for collapsing.
    @inline(__always) static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0C, 0x0D, 0xA0: true
        default: false
        }
    }

    @inline(__always) static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    /// `text` with each run of whitespace turned into one space, trimmed at both ends.
    static func collapse(_ text: String) -> String {
        var text = text
        return text.withUTF8 { collapse($0) }
    }

    /// UTF-8 `bytes` as a string with each run of whitespace turned into one space, trimmed.
    static func collapse(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        do {
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if isASCIISpace(byte) || (byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0xA0) {
                    pendingSpace = !result.isEmpty
                    index += byte == 0xC2 ? 2 : 1
                    continue
                }
                if pendingSpace { result.append(0x20) }
                pendingSpace = false
                result.append(byte)
                index += 1
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// Number of scalars `text` has once collapsed (without building it).
    static func collapsedLength(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { collapsedLength($0) }
    }

    /// Number of scalars UTF-8 `bytes` have once collapsed.
    static func collapsedLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var length = 0
        var inSpace = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if isASCIISpace(byte) || (byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0xA0) {
                if !inSpace { length += 1 }
                inSpace = true
                index += byte == 0xC2 ? 2 : 1
                continue
            }
            if byte & 0xC0 != 0x80 { length += 1 }
            inSpace = false
            index += 1
        }
        return length
    }

    /// Commas in many scripts (`,` `，` `、` `،`) in UTF-8 `bytes`.
    static func commaCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x2C {
                count += 1
            } else if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBC, bytes[index + 2] == 0x8C {
                count += 1
            } else if byte == 0xE3, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x81 {
                count += 1
            } else if byte == 0xD8, index + 1 < bytes.count, bytes[index + 1] == 0x8C {
                count += 1
            }
            index += 1
        }
        return count
    }
}
