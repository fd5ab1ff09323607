/// The HTML Standard's preprocessing of the input stream, done once before tokenizing: CR and CR LF become
/// LF, bytes that are not UTF-8 and the code points the Standard forbids (C0 and C1 controls other than
/// white space, noncharacters) become U+FFFD, as Gumbo's input iterator does.
///
/// Most pages need no change: the input is then used as it is, without a copy.
enum InputStream {
    /// Input that needed changes, and where its offsets come from in the source.
    struct Rewritten {
        var bytes: [UInt8]
        /// `(offset in bytes, offset in the source)` where the two start to run in step again, in order.
        var anchors: [(Int, Int)]

        /// The source offset of offset `offset` of ``bytes`` (inside a replacement: its source's start).
        func sourceOffset(_ offset: Int) -> Int {
            var low = 0, high = anchors.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if anchors[middle].0 <= offset { low = middle } else { high = middle - 1 }
            }
            let anchor = anchors[low]
            return anchor.1 + max(0, offset - anchor.0)
        }
    }

    /// `bytes` preprocessed, or nil when it is already clean.
    static func normalized(_ bytes: UnsafeBufferPointer<UInt8>) -> Rewritten? {
        var position = 0
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            if byte >= 0x20 && byte < 0x7F || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0 {
                position += 1
                continue
            }
            if byte >= 0x80, let width = cleanScalarWidth(bytes, at: position) {
                position += width
                continue
            }
            return rewrite(bytes, from: position)
        }
        return nil
    }

    /// Rewrites from the first byte that needs a change.
    private static func rewrite(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int) -> Rewritten {
        var anchors: [(Int, Int)] = [(0, 0)]
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<first]))
        var position = first
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            if byte < 0x80 {
                if byte == 0x0D {
                    output.append(0x0A)
                    position += position + 1 < count && bytes[position + 1] == 0x0A ? 2 : 1
                    anchors.append((output.count, position))
                } else if byte >= 0x20 && byte < 0x7F || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0 {
                    output.append(byte)
                    position += 1
                } else {
                    appendReplacement(&output)
                    position += 1
                    anchors.append((output.count, position))
                }
                continue
            }
            if let width = cleanScalarWidth(bytes, at: position) {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<position + width]))
                position += width
            } else {
                appendReplacement(&output)
                position += invalidWidth(bytes, at: position)
                anchors.append((output.count, position))
            }
        }
        return Rewritten(bytes: output, anchors: anchors)
    }

    private static func appendReplacement(_ output: inout [UInt8]) {
        output.append(0xEF)
        output.append(0xBF)
        output.append(0xBD)
    }

    /// The width of the well-formed, allowed scalar at `position` (a byte ≥ 0x80), or nil.
    private static func cleanScalarWidth(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Int? {
        guard let (scalar, width) = decode(bytes, at: position) else { return nil }
        return isForbidden(scalar) ? nil : width
    }

    /// The scalar and width of the well-formed UTF-8 sequence at `position`, or nil.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> (UInt32, Int)? {
        let lead = bytes[position]
        let width: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: width = 2; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: width = 3; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: width = 4; scalar = UInt32(lead & 0x07)
        default: return nil
        }
        guard position + width <= bytes.count else { return nil }
        for offset in 1..<width {
            let next = bytes[position + offset]
            if offset == 1 {
                let (low, high): (UInt8, UInt8)
                switch lead {
                case 0xE0: (low, high) = (0xA0, 0xBF)
                case 0xED: (low, high) = (0x80, 0x9F)
                case 0xF0: (low, high) = (0x90, 0xBF)
                case 0xF4: (low, high) = (0x80, 0x8F)
                default: (low, high) = (0x80, 0xBF)
                }
                guard next >= low && next <= high else { return nil }
            } else {
                guard next & 0xC0 == 0x80 else { return nil }
            }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        return (scalar, width)
    }

    /// How many bytes an ill-formed sequence at `position` covers: the lead byte and the continuation bytes
    /// that could still have begun a valid sequence (the maximal subpart), at least one byte.
    private static func invalidWidth(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Int {
        let lead = bytes[position]
        let width: Int
        switch lead {
        case 0xC2...0xDF: width = 2
        case 0xE0...0xEF: width = 3
        case 0xF0...0xF4: width = 4
        default: return 1
        }
        var consumed = 1
        while consumed < width && position + consumed < bytes.count {
            let next = bytes[position + consumed]
            if consumed == 1 {
                let (low, high): (UInt8, UInt8)
                switch lead {
                case 0xE0: (low, high) = (0xA0, 0xBF)
                case 0xED: (low, high) = (0x80, 0x9F)
                case 0xF0: (low, high) = (0x90, 0xBF)
                case 0xF4: (low, high) = (0x80, 0x8F)
                default: (low, high) = (0x80, 0xBF)
                }
                guard next >= low && next <= high else { break }
            } else {
                guard next & 0xC0 == 0x80 else { break }
            }
            consumed += 1
        }
        // A complete sequence is only "invalid" here because its scalar is forbidden: replace all of it.
        return consumed
    }

    /// Code points Gumbo's input iterator replaces: C0 controls but white space, DEL and C1 controls,
    /// noncharacters.
    private static func isForbidden(_ scalar: UInt32) -> Bool {
        (scalar >= 0x7F && scalar <= 0x9F) || (scalar >= 0xFDD0 && scalar <= 0xFDEF)
            || scalar & 0xFFFF == 0xFFFE || scalar & 0xFFFF == 0xFFFF
    }
}
