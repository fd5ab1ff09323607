import SatchelCapture

/// Bounds on one parse: memory and time grow with the input, never faster.
struct XMLParseLimits: Sendable {
    /// Elements built; past it the document is cut (`truncated`).
    var maxElements = 1_000_000
    /// Open elements; deeper start tags are dropped (their text goes to the deepest element kept).
    var maxDepth = 128
    /// Entry elements (`item`, `entry`) built; later ones are skipped unbuilt (`skippedEntries`).
    var maxEntries = 1_000
}

/// A forgiving XML parser written for feeds (see docs/FEEDS.md for why not libxml2 or expat).
///
/// It reads what feed readers read: well-formed XML, and past the errors found in the wild (an `&` left bare,
/// HTML named references such as `&nbsp;`, a tag never closed, a stray end tag, an unquoted attribute, HTML
/// left unescaped inside `<description>`, an undeclared `content:` prefix) it recovers the way browsers
/// recover HTML, counting each recovery.
///
/// **Entities.** A DOCTYPE is skipped, internal subset included: its `<!ENTITY` declarations are counted and
/// refused, never read, never expanded, so neither an expansion bomb (billion laughs, quadratic blowup) nor an
/// external entity (`SYSTEM "file:///…"`, `http://…`) can do anything; a reference to a declared entity is
/// dropped. Nothing is ever loaded: there is no resolver to load with. The predefined references, numeric
/// references and the HTML Standard's named references are resolved.
///
/// **Bounds.** One pass over the input; element, depth and entry limits (``XMLParseLimits``); no recursion.
struct TolerantXMLParser {
    private let bytes: [UInt8]
    private let limits: XMLParseLimits
    private let entryNames: Set<String> = ["item", "entry"]
    private var position = 0
    private var tree = XMLTree(elements: [XMLTree.Element(name: "#document", namespace: "", attributes: [], content: [], parent: -1, base: nil)])
    /// Open elements (0 is the document) with their qualified names, lowercased, and their prefixes in scope.
    private var stack: [Int] = [0]
    private var qualifiedNames: [String] = [""]
    private var scopes: [[String: String]] = [[:]]
    private var pendingText: [UInt8] = []
    private var declaredEntities: Set<[UInt8]> = []
    private var entries = 0
    /// While skipping an entry past the limit: the qualified names opened inside it.
    private var skipStack: [String]?

    /// Parses UTF-8 `bytes`; relative `xml:base` values resolve against `documentURL`.
    static func parse(_ bytes: [UInt8], documentURL: String?, limits: XMLParseLimits = XMLParseLimits()) -> XMLTree {
        var parser = TolerantXMLParser(bytes: bytes, limits: limits)
        parser.tree.elements[0].base = documentURL
        parser.run()
        return parser.tree
    }

    private init(bytes: [UInt8], limits: XMLParseLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    private mutating func run() {
        let count = bytes.count
        while position < count {
            if tree.truncated { break }
            let byte = bytes[position]
            if byte == UInt8(ascii: "<") {
                markup()
            } else if byte == UInt8(ascii: "&") {
                if skipStack != nil {
                    position += 1
                } else {
                    let resolved = reference(end: bytes.count)
                    pendingText.append(contentsOf: resolved)
                }
            } else {
                // A run of plain text in one append.
                var end = position + 1
                while end < count, bytes[end] != UInt8(ascii: "<"), bytes[end] != UInt8(ascii: "&") { end += 1 }
                if skipStack == nil { pendingText.append(contentsOf: bytes[position..<end]) }
                position = end
            }
        }
        flushText()
        if stack.count > 2 { tree.recoveredErrors += 1 }  // unclosed elements at the end
    }

    // MARK: - Markup

    private mutating func markup() {
        let next = peek(position + 1)
        if next == UInt8(ascii: "!") {
            if starts(with: "<!--") {
                skip(past: "-->", from: position + 4)
            } else if starts(with: "<![CDATA[") {
                let start = position + 9
                if let end = find("]]>", from: start) {
                    if skipStack == nil { pendingText.append(contentsOf: bytes[start..<end]) }
                    position = end + 3
                } else {
                    tree.recoveredErrors += 1
                    if skipStack == nil { pendingText.append(contentsOf: bytes[start...]) }
                    position = bytes.count
                }
            } else if startsCaseInsensitive(with: "<!doctype") {
                doctype()
            } else {
                skip(past: ">", from: position + 2)
            }
        } else if next == UInt8(ascii: "?") {
            if let end = find("?>", from: position + 2) { position = end + 2 } else { skip(past: ">", from: position + 2) }
        } else if next == UInt8(ascii: "/") {
            endTag()
        } else if let next, Self.isNameStart(next) {
            startTag()
        } else {
            // A bare `<` ("a < b"): text.
            tree.recoveredErrors += 1
            if skipStack == nil { pendingText.append(UInt8(ascii: "<")) }
            position += 1
        }
    }

    /// Skips a DOCTYPE, counting the entity declarations of its internal subset (and remembering their names,
    /// so references to them are dropped rather than shown).
    private mutating func doctype() {
        var index = position + 9
        var quote: UInt8?
        var inSubset = false
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if inSubset {
                if byte == UInt8(ascii: "]") {
                    inSubset = false
                } else if byte == UInt8(ascii: "<"), matches("<!--", at: index) {
                    if let end = find("-->", from: index + 4) { index = end + 3; continue }
                    index = bytes.count
                    continue
                } else if byte == UInt8(ascii: "<"), matches("<!ENTITY", at: index) {
                    tree.refusedEntityDeclarations += 1
                    var cursor = index + 8
                    while cursor < bytes.count, Self.isSpace(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "%") { cursor += 1 }
                    let nameStart = cursor
                    while cursor < bytes.count, Self.isNameByte(bytes[cursor]) { cursor += 1 }
                    if cursor > nameStart { declaredEntities.insert(Array(bytes[nameStart..<cursor]) + [UInt8(ascii: ";")]) }
                    index = cursor
                    continue
                }
            } else if byte == UInt8(ascii: "[") {
                inSubset = true
            } else if byte == UInt8(ascii: ">") {
                position = index + 1
                return
            }
            index += 1
        }
        tree.recoveredErrors += 1
        position = bytes.count
    }

    private mutating func startTag() {
        var index = position + 1
        let nameStart = index
        while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
        let qualified = Self.lowercased(bytes[nameStart..<index])
        var rawAttributes: [(name: String, value: String)] = []
        var selfClosing = false
        attributes: while index < bytes.count {
            let byte = bytes[index]
            if Self.isSpace(byte) { index += 1; continue }
            switch byte {
            case UInt8(ascii: ">"):
                index += 1
                break attributes
            case UInt8(ascii: "/"):
                if peek(index + 1) == UInt8(ascii: ">") {
                    selfClosing = true
                    index += 2
                    break attributes
                }
                index += 1
            case UInt8(ascii: "<"):
                tree.recoveredErrors += 1  // `<a <b>`: the tag ends where the next begins
                break attributes
            default:
                let attributeStart = index
                while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
                      bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "<"),
                      !(bytes[index] == UInt8(ascii: "/") && peek(index + 1) == UInt8(ascii: ">")) {
                    index += 1
                }
                let name = String(decoding: bytes[attributeStart..<index], as: UTF8.self)
                while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
                var value: [UInt8] = []
                if peek(index) == UInt8(ascii: "=") {
                    index += 1
                    while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
                    (value, index) = attributeValue(from: index)
                } else {
                    tree.recoveredErrors += 1
                }
                if rawAttributes.count < 256 {
                    rawAttributes.append((name, String(decoding: value, as: UTF8.self)))
                }
            }
        }
        position = index
        if var skipped = skipStack {
            if !selfClosing { skipped.append(qualified) }
            skipStack = skipped
            return
        }
        flushText()
        if stack.count > limits.maxDepth {
            tree.recoveredErrors += 1
            return
        }
        if tree.elements.count >= limits.maxElements {
            tree.truncated = true
            return
        }
        // Namespaces: declarations on this element first, then its name and attributes.
        var scope = scopes[scopes.count - 1]
        for attribute in rawAttributes {
            let name = attribute.name.lowercased()
            if name == "xmlns" {
                scope[""] = attribute.value
            } else if name.hasPrefix("xmlns:") {
                scope[String(name.dropFirst(6))] = attribute.value
            }
        }
        let (prefix, local) = Self.split(qualified)
        let namespace = Self.namespace(of: prefix, in: scope, element: true)
        if entryNames.contains(local) && stack.count <= 4 {
            entries += 1
            if entries > limits.maxEntries {
                tree.skippedEntries += 1
                if !selfClosing { skipStack = [qualified] }
                return
            }
        }
        var attributes: [XMLAttribute] = []
        attributes.reserveCapacity(rawAttributes.count)
        var base = tree.elements[stack[stack.count - 1]].base
        for attribute in rawAttributes {
            let lowered = attribute.name.lowercased()
            if lowered == "xmlns" || lowered.hasPrefix("xmlns:") { continue }
            let (attributePrefix, attributeLocal) = Self.split(lowered)
            let attributeNamespace = attributePrefix.isEmpty ? "" : Self.namespace(of: attributePrefix, in: scope, element: false)
            attributes.append(XMLAttribute(name: attributeLocal, namespace: attributeNamespace, value: attribute.value))
            if attributeNamespace == XMLNamespace.xml && attributeLocal == "base" {
                base = FeedURL.resolve(attribute.value, against: base) ?? base
            }
        }
        let parent = stack[stack.count - 1]
        let element = tree.elements.count
        tree.elements.append(XMLTree.Element(name: local, namespace: namespace, attributes: attributes, content: [], parent: parent, base: base))
        tree.elements[parent].content.append(.element(element))
        if !selfClosing {
            stack.append(element)
            qualifiedNames.append(qualified)
            scopes.append(scope)
        }
    }

    /// A quoted or unquoted attribute value from `index`, references resolved and whitespace normalized, and
    /// the index after it. A quote never closed ends at the tag's `>`.
    private mutating func attributeValue(from start: Int) -> ([UInt8], Int) {
        var index = start
        var end: Int
        var next: Int
        if let quote = peek(index), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            index += 1
            var close = index
            while close < bytes.count, bytes[close] != quote { close += 1 }
            if close < bytes.count {
                (end, next) = (close, close + 1)
            } else {
                tree.recoveredErrors += 1
                close = index
                while close < bytes.count, bytes[close] != UInt8(ascii: ">") { close += 1 }
                (end, next) = (close, close)
            }
        } else {
            var close = index
            while close < bytes.count, !Self.isSpace(bytes[close]), bytes[close] != UInt8(ascii: ">") { close += 1 }
            (end, next) = (close, close)
        }
        var value: [UInt8] = []
        value.reserveCapacity(end - index)
        let saved = position
        position = index
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "&") {
                value.append(contentsOf: reference(end: end))
            } else {
                value.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte)
                position += 1
            }
        }
        position = saved
        return (value, next)
    }

    private mutating func endTag() {
        var index = position + 2
        let nameStart = index
        while index < bytes.count, Self.isNameByte(bytes[index]) { index += 1 }
        let qualified = Self.lowercased(bytes[nameStart..<index])
        while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
            if bytes[index] == UInt8(ascii: "<") { break }
            index += 1
        }
        position = index < bytes.count && bytes[index] == UInt8(ascii: ">") ? index + 1 : index
        if var skipped = skipStack {
            if let open = skipped.lastIndex(of: qualified) {
                skipped.removeSubrange(open...)
                skipStack = skipped.isEmpty ? nil : skipped
                return
            }
            guard qualifiedNames.contains(qualified) else { return }
            skipStack = nil  // the entry was never closed: its parent's end tag ends it
        }
        flushText()
        guard let open = qualifiedNames.lastIndex(of: qualified), open > 0 else {
            tree.recoveredErrors += 1  // a stray end tag
            return
        }
        if open != qualifiedNames.count - 1 { tree.recoveredErrors += 1 }  // closes elements left open inside it
        stack.removeSubrange(open...)
        qualifiedNames.removeSubrange(open...)
        scopes.removeSubrange(open...)
    }

    // MARK: - References

    /// The UTF-8 the reference at `position` (an `&`) stands for, reading no further than `end`; moves past it.
    /// A bare `&` stays an `&`; a reference to an entity the DOCTYPE declared is dropped; an unknown name stays
    /// as written.
    private mutating func reference(end: Int) -> [UInt8] {
        var output: [UInt8] = []
        var index = position + 1
        if index < end, bytes[index] == UInt8(ascii: "#") {
            index += 1
            var hex = false
            if index < end, bytes[index] == UInt8(ascii: "x") || bytes[index] == UInt8(ascii: "X") {
                hex = true
                index += 1
            }
            let digitsStart = index
            var value: UInt32 = 0
            while index < end, let digit = Self.digit(bytes[index], hex: hex), index - digitsStart < 8 {
                value = value &* (hex ? 16 : 10) &+ digit
                index += 1
            }
            if index > digitsStart {
                if index < end, bytes[index] == UInt8(ascii: ";") { index += 1 } else { tree.recoveredErrors += 1 }
                var scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                if value == 0 || (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) { scalar = "\u{FFFD}" }
                if (0x80...0x9F).contains(value) { scalar = FeedEncoding.windows1252(UInt8(value)) }
                FeedEncoding.appendScalar(scalar, to: &output)
                position = index
                return output
            }
            tree.recoveredErrors += 1
            position += 1
            return [UInt8(ascii: "&")]
        }
        let nameStart = index
        while index < end, index - nameStart <= 32, Self.isNameByte(bytes[index]) { index += 1 }
        guard index > nameStart, index < end, bytes[index] == UInt8(ascii: ";") else {
            tree.recoveredErrors += 1
            position += 1
            return [UInt8(ascii: "&")]
        }
        let name = Array(bytes[nameStart...index])
        position = index + 1
        switch name {
        case Array("amp;".utf8): output.append(UInt8(ascii: "&"))
        case Array("lt;".utf8): output.append(UInt8(ascii: "<"))
        case Array("gt;".utf8): output.append(UInt8(ascii: ">"))
        case Array("quot;".utf8): output.append(UInt8(ascii: "\""))
        case Array("apos;".utf8): output.append(UInt8(ascii: "'"))
        default:
            if declaredEntities.contains(name) {
                tree.refusedEntityReferences += 1
            } else if let scalars = PageLinks.namedCharacter(name) {
                for scalar in scalars { FeedEncoding.appendScalar(scalar, to: &output) }
            } else {
                tree.recoveredErrors += 1
                output.append(UInt8(ascii: "&"))
                output.append(contentsOf: name)
            }
        }
        return output
    }

    // MARK: - Helpers

    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        let element = stack[stack.count - 1]
        if element != 0 {
            tree.elements[element].content.append(.text(String(decoding: pendingText, as: UTF8.self)))
        }
        pendingText.removeAll(keepingCapacity: true)
    }

    private func peek(_ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private func matches(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { pattern in
            for offset in 0..<count where bytes[index + offset] != pattern[offset] { return false }
            return true
        }
    }

    private func starts(with literal: StaticString) -> Bool { matches(literal, at: position) }

    private func startsCaseInsensitive(with literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { pattern in
            for offset in 0..<count where bytes[position + offset] | 0x20 != pattern[offset] | 0x20 { return false }
            return true
        }
    }

    private func find(_ literal: StaticString, from start: Int) -> Int? {
        let count = literal.utf8CodeUnitCount
        guard count > 0 else { return start }
        return literal.withUTF8Buffer { pattern -> Int? in
            let first = pattern[0]
            var index = start
            while index + count <= bytes.count {
                if bytes[index] == first {
                    var offset = 1
                    while offset < count, bytes[index + offset] == pattern[offset] { offset += 1 }
                    if offset == count { return index }
                }
                index += 1
            }
            return nil
        }
    }

    /// Moves past the next `literal` from `start`, or to the end when there is none.
    private mutating func skip(past literal: StaticString, from start: Int) {
        if let end = find(literal, from: start) {
            position = end + literal.utf8CodeUnitCount
        } else {
            tree.recoveredErrors += 1
            position = bytes.count
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }

    private static func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
        if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { return UInt32(byte - UInt8(ascii: "0")) }
        guard hex else { return nil }
        let lower = byte | 0x20
        if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return UInt32(lower - UInt8(ascii: "a") + 10) }
        return nil
    }

    private static func lowercased(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// `prefix:local` split at the first colon ("" prefix without one).
    private static func split(_ qualified: String) -> (prefix: String, local: String) {
        guard let colon = qualified.firstIndex(of: ":") else { return ("", qualified) }
        return (String(qualified[..<colon]), String(qualified[qualified.index(after: colon)...]))
    }

    /// The namespace name of `prefix`: declared in scope, else the conventional one, else a name of its own.
    private static func namespace(of prefix: String, in scope: [String: String], element: Bool) -> String {
        if prefix == "xml" { return XMLNamespace.xml }
        if let declared = scope[prefix] { return declared }
        if prefix.isEmpty { return "" }
        return XMLNamespace.conventional[prefix] ?? "urn:undeclared-prefix:\(prefix)"
    }
}
