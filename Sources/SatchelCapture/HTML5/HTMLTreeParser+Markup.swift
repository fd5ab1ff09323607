/// The tokenizer's comment, DOCTYPE, CDATA and character reference states.
extension HTMLTreeParser {
    /// After `<!`: a comment, a DOCTYPE, a CDATA section (in foreign content only) or a bogus comment.
    mutating func markupDeclaration() {
        if matches("--", caseInsensitive: false) {
            position += 2
            comment()
        } else if matches("doctype", caseInsensitive: true) {
            position += 7
            doctype()
        } else if matches("[CDATA[", caseInsensitive: false), currentNode >= 0, !isHTMLNamespace(currentNode) {
            position += 7
            cdataSection()
        } else {
            bogusComment()
        }
    }

    /// Whether `input[index...]` starts with lowercase `literal`, ignoring ASCII case.
    private static func matches(_ input: UnsafeBufferPointer<UInt8>, at index: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard index + length <= input.count else { return false }
        for offset in 0..<length where lower(input[index + offset]) != literal.utf8Start[offset] { return false }
        return true
    }

    private func matches(_ literal: StaticString, caseInsensitive: Bool) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard position + length <= input.count else { return false }
        for offset in 0..<length {
            let byte = caseInsensitive ? Self.lower(input[position + offset]) : input[position + offset]
            if byte != literal.utf8Start[offset] { return false }
        }
        return true
    }

    /// A bogus comment: up to the next `>`.
    mutating func bogusComment() {
        var index = position
        while index < input.count && input[index] != 0x3E { index += 1 }
        position = min(index + 1, input.count)
        process(.comment)
    }

    /// The comment states, from "comment start" to the end of the comment.
    private mutating func comment() {
        let count = input.count
        var index = position
        // Comment start and comment start dash: "<!-->" and "<!--->" are empty comments.
        if index < count && input[index] == 0x3E {
            position = index + 1
            process(.comment)
            return
        }
        if index + 1 < count && input[index] == 0x2D && input[index + 1] == 0x3E {
            position = index + 2
            process(.comment)
            return
        }
        while index < count {
            let byte = input[index]
            guard byte == 0x2D else {
                index += 1
                continue
            }
            // Comment end dash: "--" leads to comment end.
            guard index + 1 < count else { break }
            guard input[index + 1] == 0x2D else {
                index += 1
                continue
            }
            var end = index + 2
            while end < count && input[end] == 0x2D { end += 1 }  // comment end: "-" stays
            guard end < count else { break }
            if input[end] == 0x3E {
                position = end + 1
                process(.comment)
                return
            }
            if input[end] == 0x21 {
                // Comment end bang: ">" ends; "-" goes back to comment end dash; else back to comment.
                let next = end + 1
                if next < count && input[next] == 0x3E {
                    position = next + 1
                    process(.comment)
                    return
                }
                index = next
                continue
            }
            index = end
        }
        position = count
        process(.comment)
    }

    /// A CDATA section in foreign content: its text up to `]]>`.
    private mutating func cdataSection() {
        let count = input.count
        var index = position
        while index + 2 < count {
            if input[index] == 0x5D && input[index + 1] == 0x5D && input[index + 2] == 0x3E { break }
            index += 1
        }
        if index + 2 >= count {
            processCDATA(UnsafeBufferPointer(rebasing: input[position..<count]))
            position = count
            return
        }
        processCDATA(UnsafeBufferPointer(rebasing: input[position..<index]))
        position = index + 3
    }

    // MARK: - DOCTYPE

    /// The DOCTYPE states; only what decides quirks mode is kept.
    private mutating func doctype() {
        let input = self.input
        let count = input.count
        var index = position
        var forceQuirks = false
        var name: [UInt8]? = nil
        var publicID: [UInt8]? = nil
        var systemID: [UInt8]? = nil

        /// Skips white space.
        func skipSpace() { while index < count && Self.isTagSpace(input[index]) { index += 1 } }
        /// The bogus DOCTYPE state: up to and past the next `>`.
        func bogus() {
            while index < count && input[index] != 0x3E { index += 1 }
            if index < count { index += 1 }
        }
        /// A quoted identifier; nil at the end of the input or at a `>` inside it (both force quirks).
        func quoted(_ quote: UInt8) -> [UInt8]? {
            var value: [UInt8] = []
            while index < count {
                let byte = input[index]
                index += 1
                if byte == quote { return value }
                if byte == 0x3E { return nil }
                value.append(byte)
            }
            return nil
        }

        parse: do {
            // DOCTYPE state, before DOCTYPE name.
            skipSpace()
            guard index < count else { forceQuirks = true; break parse }
            if input[index] == 0x3E { forceQuirks = true; index += 1; break parse }
            var doctypeName: [UInt8] = []
            while index < count && !Self.isTagSpace(input[index]) && input[index] != 0x3E {
                doctypeName.append(Self.lower(input[index]))
                index += 1
            }
            name = doctypeName
            guard index < count else { forceQuirks = true; break parse }
            skipSpace()
            guard index < count else { forceQuirks = true; break parse }
            if input[index] == 0x3E { index += 1; break parse }
            let isPublic = Self.matches(input, at: index, "public")
            let isSystem = !isPublic && Self.matches(input, at: index, "system")
            guard isPublic || isSystem else { forceQuirks = true; bogus(); break parse }
            index += 6
            // After the keyword, before the identifier.
            skipSpace()
            guard index < count else { forceQuirks = true; break parse }
            var byte = input[index]
            guard byte == 0x22 || byte == 0x27 else {
                forceQuirks = true
                if byte == 0x3E { index += 1 } else { bogus() }
                break parse
            }
            index += 1
            guard let first = quoted(byte) else { forceQuirks = true; break parse }
            if isSystem {
                systemID = first
            } else {
                publicID = first
                // After the public identifier, between it and the system identifier.
                skipSpace()
                guard index < count else { forceQuirks = true; break parse }
                byte = input[index]
                if byte == 0x3E { index += 1; break parse }
                guard byte == 0x22 || byte == 0x27 else { forceQuirks = true; bogus(); break parse }
                index += 1
                guard let second = quoted(byte) else { forceQuirks = true; break parse }
                systemID = second
            }
            // After the system identifier.
            skipSpace()
            guard index < count else { forceQuirks = true; break parse }
            bogus()
        }
        position = index
        doctypeIsQuirks = Self.isQuirks(name: name, publicID: publicID, systemID: systemID, forceQuirks: forceQuirks)
        process(.doctype)
    }

    /// Whether a DOCTYPE puts the document in quirks mode, as Gumbo decides it: its "prefix" lists are
    /// compared whole (ASCII case-insensitively), its exact lists case-sensitively.
    static func isQuirks(name: [UInt8]?, publicID: [UInt8]?, systemID: [UInt8]?, forceQuirks: Bool) -> Bool {
        if forceQuirks || name != Array("html".utf8) { return true }
        let publicText = String(decoding: publicID ?? [], as: UTF8.self)
        let systemText = String(decoding: systemID ?? [], as: UTF8.self)
        let publicLower = publicText.lowercased()
        if QuirksLists.publicWhole.contains(publicLower) { return true }
        if QuirksLists.publicExact.contains(publicText) { return true }
        if systemText == "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd" { return true }
        if systemID == nil && QuirksLists.publicWithoutSystem.contains(publicLower) { return true }
        return false
    }

    // MARK: - Character references

    /// At `&`: resolves a character reference and emits it (text) or appends it to the attribute value
    /// being read; when it is not one, `&` alone is taken as it is.
    mutating func characterReference(inAttribute: Bool, additionalAllowed: UInt8) {
        let count = input.count
        let ampersand = position
        var index = ampersand + 1
        var output: [UInt8] = []
        resolve: do {
            guard index < count else { break resolve }
            let byte = input[index]
            if byte == additionalAllowed && additionalAllowed != 0 { break resolve }
            switch byte {
            case 0x09, 0x0A, 0x0C, 0x20, 0x3C, 0x26: break resolve
            case 0x23:
                index += 1
                var hex = false
                if index < count && (input[index] == 0x78 || input[index] == 0x58) {
                    hex = true
                    index += 1
                }
                var value: UInt32 = 0
                var digits = 0
                while index < count, let digit = Self.digitValue(input[index], hex: hex) {
                    value = value &* (hex ? 16 : 10) &+ digit
                    digits += 1
                    index += 1
                }
                guard digits > 0 else {
                    index = ampersand + 1
                    break resolve
                }
                if index < count && input[index] == 0x3B { index += 1 }
                CharacterReferences.appendUTF8(CharacterReferences.resolveNumeric(value), to: &output)
            default:
                var end = index
                var best: (length: Int, points: (UInt32, UInt32))? = nil
                var candidate: [UInt8] = []
                while end < count && end - index < CharacterReferences.longestName {
                    let c = input[end]
                    guard Self.isASCIIAlphanumeric(c) || c == 0x3B else { break }
                    candidate.append(c)
                    end += 1
                    if let points = CharacterReferences.named[candidate] { best = (end - index, points) }
                    if c == 0x3B { break }
                }
                guard let best else { break resolve }
                let matchEnd = index + best.length
                if input[matchEnd - 1] != 0x3B && inAttribute && matchEnd < count
                    && (input[matchEnd] == 0x3D || Self.isASCIIAlphanumeric(input[matchEnd])) {
                    break resolve
                }
                index = matchEnd
                CharacterReferences.appendUTF8(best.points.0, to: &output)
                if best.points.1 != 0 { CharacterReferences.appendUTF8(best.points.1, to: &output) }
            }
        }
        if output.isEmpty {
            // Not a reference: the "&" is an ordinary character.
            index = ampersand + 1
            output = [0x26]
        }
        position = index
        if inAttribute {
            arena.attributeBytes.append(contentsOf: output)
        } else {
            output.withUnsafeBufferPointer { processCharacters($0) }
        }
    }

    @inline(__always) private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        if byte >= 0x30 && byte <= 0x39 { return UInt32(byte - 0x30) }
        guard hex else { return nil }
        let lower = byte | 0x20
        if lower >= 0x61 && lower <= 0x66 { return UInt32(lower - 0x61 + 10) }
        return nil
    }
}

/// The public identifiers that put a document in quirks mode (lowercased), as Gumbo lists them.
enum QuirksLists {
    static let publicWhole: Set<String> = Set([
        "+//Silmaril//dtd html Pro v0r11 19970101//", "-//AdvaSoft Ltd//DTD HTML 3.0 asWedit + extensions//",
        "-//AS//DTD HTML 3.0 asWedit + extensions//", "-//IETF//DTD HTML 2.0 Level 1//", "-//IETF//DTD HTML 2.0 Level 2//",
        "-//IETF//DTD HTML 2.0 Strict Level 1//", "-//IETF//DTD HTML 2.0 Strict Level 2//", "-//IETF//DTD HTML 2.0 Strict//",
        "-//IETF//DTD HTML 2.0//", "-//IETF//DTD HTML 2.1E//", "-//IETF//DTD HTML 3.0//", "-//IETF//DTD HTML 3.2 Final//",
        "-//IETF//DTD HTML 3.2//", "-//IETF//DTD HTML 3//", "-//IETF//DTD HTML Level 0//", "-//IETF//DTD HTML Level 1//",
        "-//IETF//DTD HTML Level 2//", "-//IETF//DTD HTML Level 3//", "-//IETF//DTD HTML Strict Level 0//",
        "-//IETF//DTD HTML Strict Level 1//", "-//IETF//DTD HTML Strict Level 2//", "-//IETF//DTD HTML Strict Level 3//",
        "-//IETF//DTD HTML Strict//", "-//IETF//DTD HTML//", "-//Metrius//DTD Metrius Presentational//",
        "-//Microsoft//DTD Internet Explorer 2.0 HTML Strict//", "-//Microsoft//DTD Internet Explorer 2.0 HTML//",
        "-//Microsoft//DTD Internet Explorer 2.0 Tables//", "-//Microsoft//DTD Internet Explorer 3.0 HTML Strict//",
        "-//Microsoft//DTD Internet Explorer 3.0 HTML//", "-//Microsoft//DTD Internet Explorer 3.0 Tables//",
        "-//Netscape Comm. Corp.//DTD HTML//", "-//Netscape Comm. Corp.//DTD Strict HTML//",
        "-//O'Reilly and Associates//DTD HTML 2.0//", "-//O'Reilly and Associates//DTD HTML Extended 1.0//",
        "-//O'Reilly and Associates//DTD HTML Extended Relaxed 1.0//",
        "-//SoftQuad Software//DTD HoTMetaL PRO 6.0::19990601::extensions to HTML 4.0//",
        "-//SoftQuad//DTD HoTMetaL PRO 4.0::19971010::extensions to HTML 4.0//",
        "-//Spyglass//DTD HTML 2.0 Extended//", "-//SQ//DTD HTML 2.0 HoTMetaL + extensions//",
        "-//Sun Microsystems Corp.//DTD HotJava HTML//", "-//Sun Microsystems Corp.//DTD HotJava Strict HTML//",
        "-//W3C//DTD HTML 3 1995-03-24//", "-//W3C//DTD HTML 3.2 Draft//", "-//W3C//DTD HTML 3.2 Final//",
        "-//W3C//DTD HTML 3.2//", "-//W3C//DTD HTML 3.2S Draft//", "-//W3C//DTD HTML 4.0 Frameset//",
        "-//W3C//DTD HTML 4.0 Transitional//", "-//W3C//DTD HTML Experimental 19960712//",
        "-//W3C//DTD HTML Experimental 970421//", "-//W3C//DTD W3 HTML//", "-//W3O//DTD W3 HTML 3.0//",
        "-//WebTechs//DTD Mozilla HTML 2.0//", "-//WebTechs//DTD Mozilla HTML//",
    ].map { $0.lowercased() })
    static let publicExact: Set<String> = ["-//W3O//DTD W3 HTML Strict 3.0//EN//", "-/W3C/DTD HTML 4.0 Transitional/EN", "HTML"]
    static let publicWithoutSystem: Set<String> = Set(
        ["-//W3C//DTD HTML 4.01 Frameset//", "-//W3C//DTD HTML 4.01 Transitional//"].map { $0.lowercased() })
}
