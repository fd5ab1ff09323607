/// The states of the tokenizer that outlive one token: the content models the tree builder switches to.
enum TokenizerState {
    case data, rcdata, rawtext, scriptData, plaintext
}

/// The HTML Standard's tokenizer over the preprocessed UTF-8 input. Text runs are handed over as slices of
/// the input (no copy); tags are built in ``HTMLTreeParser/token`` with their attribute bytes written
/// straight into the arena.
extension HTMLTreeParser {
    /// Tokenizes the whole input, handing each token to tree construction, then the end of the file.
    mutating func tokenize() {
        let count = input.count
        while position < count && !stoppedAtDepth {
            switch state {
            case .data: dataState()
            case .rcdata: rcdataState()
            case .rawtext: rawtextState()
            case .scriptData: scriptDataState()
            case .plaintext:
                emitText(position, count)
                position = count
            }
        }
        process(.endOfFile)
    }

    /// ASCII letters.
    @inline(__always) static func isASCIIAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    /// ASCII letters and digits.
    @inline(__always) static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool { isASCIIAlpha(byte) || (byte >= 0x30 && byte <= 0x39) }
    /// An ASCII capital as its small letter; other bytes as they are.
    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
    /// Tab, line feed, form feed, space: the white space that ends tag names (CR is gone by now).
    @inline(__always) static func isTagSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0C }

    /// Hands `input[start..<end]` over as characters.
    @inline(__always) mutating func emitText(_ start: Int, _ end: Int) {
        guard end > start else { return }
        processCharacters(UnsafeBufferPointer(rebasing: input[start..<end]))
    }

    // MARK: - Content states

    private mutating func dataState() {
        let count = input.count
        var index = position
        while index < count {
            let byte = input[index]
            if byte == 0x3C || byte == 0x26 { break }
            index += 1
        }
        emitText(position, index)
        position = index
        guard index < count else { return }
        if input[index] == 0x26 {
            characterReference(inAttribute: false, additionalAllowed: 0)
        } else {
            tagOpen()
        }
    }

    private mutating func rcdataState() {
        let count = input.count
        var index = position
        while index < count {
            let byte = input[index]
            if byte == 0x26 {
                emitText(position, index)
                position = index
                characterReference(inAttribute: false, additionalAllowed: 0)
                return
            }
            if byte == 0x3C, let end = appropriateEndTagLength(at: index) {
                emitText(position, index)
                position = index + 2
                endTagAfterName(nameEnd: index + end)
                return
            }
            index += 1
        }
        emitText(position, count)
        position = count
    }

    private mutating func rawtextState() {
        let count = input.count
        var index = position
        while index < count {
            if input[index] == 0x3C, let end = appropriateEndTagLength(at: index) {
                emitText(position, index)
                position = index + 2
                endTagAfterName(nameEnd: index + end)
                return
            }
            index += 1
        }
        emitText(position, count)
        position = count
    }

    /// When `input[index...]` is `</` and the name of the last start tag, followed by white space, `/` or
    /// `>`: the offset of the end of the name from `index`.
    private func appropriateEndTagLength(at index: Int) -> Int? {
        let count = input.count
        guard index + 2 < count, input[index + 1] == 0x2F, lastStartTag != HTMLTag.unknown else { return nil }
        let name = names.spellings[Int(lastStartTag)]
        var offset = 0
        while offset < name.count {
            let at = index + 2 + offset
            guard at < count, Self.lower(input[at]) == name[offset] else { return nil }
            offset += 1
        }
        let after = index + 2 + name.count
        guard after < count else { return nil }
        let next = input[after]
        guard Self.isTagSpace(next) || next == 0x2F || next == 0x3E else { return nil }
        return 2 + name.count
    }

    /// Sets up the end tag whose name (the last start tag's) ends at `nameEnd`, and goes on with its attributes.
    private mutating func endTagAfterName(nameEnd: Int) {
        token.tag = lastStartTag
        token.name = Int32(lastStartTag)
        token.sourceName = nil
        token.selfClosing = false
        token.attributes.removeAll(keepingCapacity: true)
        position = nameEnd
        tagAttributes(isEnd: true, rawStart: nameEnd - names.spellings[Int(lastStartTag)].count)
    }

    private mutating func scriptDataState() {
        let count = input.count
        let start = position
        var index = position
        enum Escape { case none, escaped, doubleEscaped }
        var escape = Escape.none
        while index < count {
            let byte = input[index]
            switch escape {
            case .none:
                if byte == 0x3C {
                    if let end = appropriateEndTagLength(at: index) {
                        finishScript(start: start, tagAt: index, nameLength: end)
                        return
                    }
                    if index + 3 < count, input[index + 1] == 0x21, input[index + 2] == 0x2D, input[index + 3] == 0x2D {
                        escape = .escaped
                        index += 4
                        // "<!--" leaves us in the escaped dash dash state: more dashes, then ">", end the escape.
                        while index < count && input[index] == 0x2D { index += 1 }
                        if index < count && input[index] == 0x3E { escape = .none; index += 1 }
                        continue
                    }
                }
                index += 1
            case .escaped:
                if byte == 0x2D, index + 2 < count, input[index + 1] == 0x2D {
                    // "--": any further dashes, then ">" ends the escape.
                    var after = index + 2
                    while after < count && input[after] == 0x2D { after += 1 }
                    if after < count && input[after] == 0x3E { escape = .none; index = after + 1; continue }
                    index = after
                    continue
                }
                if byte == 0x3C {
                    if let end = appropriateEndTagLength(at: index) {
                        finishScript(start: start, tagAt: index, nameLength: end)
                        return
                    }
                    if let after = scriptWord(at: index + 1), after.isScript {
                        escape = .doubleEscaped
                        index = after.end
                        continue
                    }
                }
                index += 1
            case .doubleEscaped:
                if byte == 0x2D, index + 2 < count, input[index + 1] == 0x2D {
                    var after = index + 2
                    while after < count && input[after] == 0x2D { after += 1 }
                    if after < count && input[after] == 0x3E { escape = .none; index = after + 1; continue }
                    index = after
                    continue
                }
                if byte == 0x3C, index + 1 < count, input[index + 1] == 0x2F, let after = scriptWord(at: index + 2), after.isScript {
                    escape = .escaped
                    index = after.end
                    continue
                }
                index += 1
            }
        }
        emitText(start, count)
        position = count
    }

    /// After `<` (or `</`) in escaped script data: whether the letters at `index` spell `script` and are
    /// followed by white space, `/` or `>` (the double escape start and end states), and where they end.
    private func scriptWord(at index: Int) -> (isScript: Bool, end: Int)? {
        let count = input.count
        guard index < count, Self.isASCIIAlpha(input[index]) else { return nil }
        var end = index
        while end < count && Self.isASCIIAlpha(input[end]) { end += 1 }
        guard end < count else { return nil }
        let next = input[end]
        guard Self.isTagSpace(next) || next == 0x2F || next == 0x3E else { return (false, end) }
        let word: [UInt8] = [0x73, 0x63, 0x72, 0x69, 0x70, 0x74]
        guard end - index == 6 else { return (false, end) }
        for offset in 0..<6 where Self.lower(input[index + offset]) != word[offset] { return (false, end) }
        return (true, end)
    }

    private mutating func finishScript(start: Int, tagAt index: Int, nameLength: Int) {
        emitText(start, index)
        position = index + 2
        endTagAfterName(nameEnd: index + nameLength)
    }

    // MARK: - Tags

    /// After `<` in the data state.
    private mutating func tagOpen() {
        let count = input.count
        let next = position + 1
        guard next < count else {
            emitText(position, count)
            position = count
            return
        }
        let byte = input[next]
        if Self.isASCIIAlpha(byte) {
            position = next
            tagName(isEnd: false)
        } else if byte == 0x2F {
            endTagOpen()
        } else if byte == 0x21 {
            position = next + 1
            markupDeclaration()
        } else if byte == 0x3F {
            position = next
            bogusComment()
        } else {
            emitText(position, next)
            position = next
        }
    }

    private mutating func endTagOpen() {
        let count = input.count
        let next = position + 2
        guard next < count else {
            emitText(position, count)
            position = count
            return
        }
        let byte = input[next]
        if Self.isASCIIAlpha(byte) {
            position = next
            tagName(isEnd: true)
        } else if byte == 0x3E {
            position = next + 1
        } else {
            position = next
            bogusComment()
        }
    }

    /// The tag name state, then the tag's attributes.
    private mutating func tagName(isEnd: Bool) {
        let count = input.count
        let nameStart = position
        nameBuffer.removeAll(keepingCapacity: true)
        var index = position
        while index < count {
            let byte = input[index]
            if Self.isTagSpace(byte) || byte == 0x2F || byte == 0x3E { break }
            nameBuffer.append(Self.lower(byte))
            index += 1
        }
        guard index < count else {
            position = count
            return
        }
        let name = names.intern(nameBuffer)
        token.name = name
        token.tag = HTMLNameTable.tag(of: name)
        token.sourceName = !sourceAnchors.isEmpty && !isEnd && token.tag == HTMLTag.unknown ? sourceSpelling(ofNameAt: nameStart) : nil
        token.selfClosing = false
        token.attributes.removeAll(keepingCapacity: true)
        position = index
        tagAttributes(isEnd: isEnd, rawStart: nameStart)
    }

    /// The source's spelling of the tag name at `start` of the input, when it differs from the tokenizer's
    /// (up to the first C white space, vertical tab included, or `/` or `>`).
    private func sourceSpelling(ofNameAt start: Int) -> [UInt8]? {
        var index = InputStream.Rewritten(bytes: [], anchors: sourceAnchors).sourceOffset(start)
        var spelling: [UInt8] = []
        while index < source.count {
            let byte = source[index]
            if (byte >= 0x09 && byte <= 0x0D) || byte == 0x20 || byte == 0x2F || byte == 0x3E { break }
            spelling.append(byte)
            index += 1
        }
        return spelling.map(Self.lower) == nameBuffer ? nil : spelling
    }

    /// The states from "before attribute name" to the end of the tag; emits the tag (or drops it at the
    /// end of the input).
    private mutating func tagAttributes(isEnd: Bool, rawStart: Int) {
        let count = input.count
        let bytesMark = arena.attributeBytes.count
        var index = position
        var attributeStart = -1  // index in token.attributes of the attribute being read, if any
        var duplicate = false
        // Gumbo, run as Satchel runs it (no error list), keeps a repeated attribute's name in its buffer
        // when the repeat has no value: the next attribute's name then starts with it (`<p a b a c>` has
        // attributes `a`, `b` and `ac`).
        var carriedName: [UInt8] = []

        tagLoop: while true {
            // Before attribute name.
            while index < count && Self.isTagSpace(input[index]) { index += 1 }
            guard index < count else { break tagLoop }
            var byte = input[index]
            if byte == 0x2F {
                index += 1
                guard index < count else { break tagLoop }
                if input[index] == 0x3E {
                    token.selfClosing = true
                    position = index + 1
                    emitTag(isEnd: isEnd, rawStart: rawStart, rawEnd: index, bytesMark: bytesMark)
                    return
                }
                continue tagLoop
            }
            if byte == 0x3E {
                position = index + 1
                emitTag(isEnd: isEnd, rawStart: rawStart, rawEnd: index, bytesMark: bytesMark)
                return
            }
            // Attribute name.
            startAttribute(byte, after: carriedName)
            carriedName.removeAll()
            attributeStart = token.attributes.count - 1
            index += 1
            while index < count {
                byte = input[index]
                if Self.isTagSpace(byte) || byte == 0x2F || byte == 0x3D || byte == 0x3E { break }
                arena.attributeBytes.append(Self.lower(byte))
                index += 1
            }
            let nameEnd = Int32(arena.attributeBytes.count)
            token.attributes[attributeStart].nameCount = nameEnd - token.attributes[attributeStart].nameStart
            token.attributes[attributeStart].valueStart = nameEnd
            duplicate = isDuplicateAttribute(attributeStart)
            // After attribute name.
            while index < count && Self.isTagSpace(input[index]) { index += 1 }
            guard index < count else { break tagLoop }
            byte = input[index]
            if byte != 0x3D {
                if duplicate {
                    let attribute = token.attributes[attributeStart]
                    carriedName = Array(arena.attributeBytes[Int(attribute.nameStart)..<Int(attribute.nameStart + attribute.nameCount)])
                    dropAttribute(attributeStart)
                }
                continue tagLoop  // "/", ">" or the start of another attribute
            }
            // Before attribute value.
            index += 1
            while index < count && Self.isTagSpace(input[index]) { index += 1 }
            guard index < count else { break tagLoop }
            byte = input[index]
            if byte == 0x3E {
                if duplicate { dropAttribute(attributeStart) }
                continue tagLoop
            }
            if byte == 0x22 || byte == 0x27 {
                let quote = byte
                index += 1
                var runStart = index
                while index < count {
                    let c = input[index]
                    if c == quote { break }
                    if c == 0x26 {
                        arena.attributeBytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                        position = index
                        characterReference(inAttribute: true, additionalAllowed: quote)
                        index = position
                        runStart = index
                        continue
                    }
                    index += 1
                }
                arena.attributeBytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                guard index < count else { break tagLoop }
                index += 1  // the closing quote
                finishValue(attributeStart, duplicate: duplicate)
                // After attribute value (quoted): anything but space, "/" or ">" starts a new attribute.
                continue tagLoop
            }
            // Unquoted value.
            var runStart = index
            while index < count {
                let c = input[index]
                if Self.isTagSpace(c) || c == 0x3E { break }
                if c == 0x26 {
                    arena.attributeBytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
                    position = index
                    characterReference(inAttribute: true, additionalAllowed: 0x3E)
                    index = position
                    runStart = index
                    continue
                }
                index += 1
            }
            arena.attributeBytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
            guard index < count else { break tagLoop }
            finishValue(attributeStart, duplicate: duplicate)
        }
        // The input ended inside the tag: the tag is dropped.
        arena.attributeBytes.removeSubrange(bytesMark...)
        token.attributes.removeAll(keepingCapacity: true)
        position = count
    }

    /// Starts an attribute whose name begins with `prefix` and `first`.
    private mutating func startAttribute(_ first: UInt8, after prefix: [UInt8]) {
        let start = Int32(arena.attributeBytes.count)
        arena.attributeBytes.append(contentsOf: prefix)
        arena.attributeBytes.append(Self.lower(first))
        token.attributes.append(ArenaAttribute(nameStart: start, nameCount: Int32(prefix.count) + 1,
                                              valueStart: start + Int32(prefix.count) + 1, valueCount: 0))
    }

    private mutating func finishValue(_ attribute: Int, duplicate: Bool) {
        if duplicate {
            dropAttribute(attribute)
            return
        }
        token.attributes[attribute].valueCount = Int32(arena.attributeBytes.count) - token.attributes[attribute].valueStart
    }

    /// Drops the attribute being read (the last one): a second attribute of the same name.
    private mutating func dropAttribute(_ attribute: Int) {
        let start = Int(token.attributes[attribute].nameStart)
        arena.attributeBytes.removeSubrange(start...)
        token.attributes.removeLast()
    }

    /// Whether an earlier attribute of the token has the name of attribute `index`.
    private func isDuplicateAttribute(_ index: Int) -> Bool {
        let candidate = token.attributes[index]
        var other = 0
        while other < index {
            if sameName(token.attributes[other], candidate) { return true }
            other += 1
        }
        return false
    }

    /// Hands a finished tag to tree construction.
    private mutating func emitTag(isEnd: Bool, rawStart: Int, rawEnd: Int, bytesMark: Int) {
        state = .data
        if isEnd {
            token.rawStart = rawStart
            token.rawEnd = rawEnd
            process(.endTag)
            arena.attributeBytes.removeSubrange(bytesMark...)
        } else {
            lastStartTag = token.tag
            let used = arena.attributes.count
            process(.startTag)
            if arena.attributes.count == used && arena.attributeBytes.count > bytesMark {
                arena.attributeBytes.removeSubrange(bytesMark...)
            }
        }
        token.attributes.removeAll(keepingCapacity: true)
    }
}
