/// Cuts HTML where elements would nest deeper than a limit, by a light scan of the tags.
///
/// Mirrors the parser only roughly: start tags push, end tags pop to the matching name, void elements,
/// elements whose end tag is optional (`p`, `li`, `td`…), self-closed tags and the insides of raw-text
/// elements (`script`, `style`…) and comments do not count. One pass, no allocation per tag beyond the
/// stack of names, which is itself bounded by the limit.
enum NestingGuard {
    /// `html` itself when nesting stays within `maximumDepth`, else its prefix up to the tag that passes it.
    static func cut(_ html: [UInt8], maximumDepth: Int) -> [UInt8] {
        guard let limit = cutOffset(html, maximumDepth: maximumDepth) else { return html }
        return Array(html[..<limit])
    }

    /// The offset of the first start tag past `maximumDepth`, or nil.
    static func cutOffset(_ html: [UInt8], maximumDepth: Int) -> Int? {
        html.withUnsafeBufferPointer { bytes -> Int? in
            var stack: [UInt64] = []  // names hashed to 8 bytes
            stack.reserveCapacity(64)
            var position = 0
            let count = bytes.count
            while position < count {
                guard bytes[position] == 0x3C else {  // <
                    position += 1
                    continue
                }
                let tagStart = position
                position += 1
                guard position < count else { break }
                let first = bytes[position]
                if first == 0x21 {  // <! comment or doctype
                    if position + 2 < count, bytes[position + 1] == 0x2D, bytes[position + 2] == 0x2D {
                        position = find(bytes, "-->", from: position + 3).map { $0 + 3 } ?? count
                    } else {
                        position = find(bytes, ">", from: position).map { $0 + 1 } ?? count
                    }
                    continue
                }
                let closing = first == 0x2F
                if closing { position += 1 }
                let (name, afterName) = tagName(bytes, at: position)
                guard name != 0 else { continue }
                var end = afterName
                var quote: UInt8 = 0
                while end < count {
                    let byte = bytes[end]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == 0x22 || byte == 0x27 {
                        if end > 0, bytes[end - 1] == 0x3D || bytes[end - 1] == 0x20 { quote = byte }
                    } else if byte == 0x3E {
                        break
                    }
                    end += 1
                }
                let selfClosing = end > 0 && end < count && bytes[end - 1] == 0x2F
                position = end + 1
                if closing {
                    if let match = stack.lastIndex(of: name), stack.count - match <= 256 {
                        stack.removeSubrange(match...)
                    }
                    continue
                }
                if rawText.contains(name) {
                    position = findEndTag(bytes, nameAt: tagStart + 1, length: afterName - tagStart - 1, from: position) ?? count
                    continue
                }
                if selfClosing || uncounted.contains(name) { continue }
                if name == anchor, let open = stack.lastIndex(of: anchor) { stack.removeSubrange(open...) }
                stack.append(name)
                if stack.count > maximumDepth { return tagStart }
            }
            return nil
        }
    }

    private static func hash(_ text: String) -> UInt64 {
        var value: UInt64 = 0
        for byte in text.utf8.prefix(8) { value = value << 8 | UInt64(byte) }
        return value
    }

    private static let anchor = hash("a")
    private static let rawText: Set<UInt64> = Set(
        ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"].map(hash))
    private static let uncounted: Set<UInt64> = Set(
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
         "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp",
         "thead", "tbody", "tfoot", "colgroup", "caption", "html", "head", "body", "image", "frame", "basefont",
         "bgsound", "menuitem"].map(hash))

    /// The first 8 bytes of a lowercased ASCII tag name (0 when no name starts here) and the offset after it.
    private static func tagName(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (UInt64, Int) {
        var position = start
        var value: UInt64 = 0
        var length = 0
        while position < bytes.count {
            var byte = bytes[position]
            let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
            let isDigit = byte >= 0x30 && byte <= 0x39
            if length == 0 && !isLetter { return (0, position) }
            guard isLetter || isDigit || byte == 0x2D || byte == 0x3A || byte == 0x5F else { break }
            if isLetter { byte |= 0x20 }
            if length < 8 { value = value << 8 | UInt64(byte) }
            length += 1
            position += 1
        }
        return (value, position)
    }

    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from start: Int) -> Int? {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard pattern.count > 0, start <= bytes.count - pattern.count else { return nil }
        var position = start
        while position <= bytes.count - pattern.count {
            if bytes[position] == pattern[0] {
                var matched = 1
                while matched < pattern.count && bytes[position + matched] == pattern[matched] { matched += 1 }
                if matched == pattern.count { return position }
            }
            position += 1
        }
        return nil
    }

    /// The offset after `</name…>` (ASCII case-insensitive), or nil.
    private static func findEndTag(_ bytes: UnsafeBufferPointer<UInt8>, nameAt nameStart: Int, length: Int, from start: Int) -> Int? {
        var position = start
        while position + 1 + length < bytes.count {
            if bytes[position] == 0x3C, bytes[position + 1] == 0x2F {
                var matched = 0
                while matched < length, bytes[position + 2 + matched] | 0x20 == bytes[nameStart + matched] | 0x20 {
                    matched += 1
                }
                if matched == length {
                    return find(bytes, ">", from: position + 2 + length).map { $0 + 1 } ?? bytes.count
                }
            }
            position += 1
        }
        return nil
    }
}
