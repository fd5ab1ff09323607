/// The "in body" insertion mode.
extension HTMLTreeParser {
    /// The "in body" insertion mode.
    mutating func inBodyMode(_ kind: TokenKind) {
        switch kind {
        case .characters: return
        case .comment: flushText()
        case .doctype: return
        case .startTag: inBodyStartTag()
        case .endTag: inBodyEndTag()
        case .endOfFile:
            if !templateModes.isEmpty { inTemplateMode(kind) }
        }
    }

    private mutating func inBodyStartTag() {
        let tag = token.tag
        switch tag {
        case HTMLTag.html:
            if hasOpen(HTMLTag.template) { return }
            if htmlElement >= 0 { mergeTokenAttributes(into: htmlElement) }
        case _ where TagSet.headStartInBody.contains(tag):
            inHeadMode(.startTag)
        case HTMLTag.body:
            guard openElements.count >= 2, isHTML(openElements[1], HTMLTag.body), !hasOpen(HTMLTag.template) else { return }
            framesetOK = false
            mergeTokenAttributes(into: openElements[1])
        case HTMLTag.frameset:
            guard openElements.count >= 2, isHTML(openElements[1], HTMLTag.body), framesetOK else { return }
            let body = openElements[1]
            while openElements.count > 1 {
                let popped = popCurrentNode()
                if popped == body { break }
            }
            clearActiveFormattingToMarker()
            arena.detach(body)
            insertHTMLElementFromToken()
            mode = .inFrameset
        case _ where TagSet.closesParagraph.contains(tag):
            closeParagraphIfInButtonScope()
            insertHTMLElementFromToken()
        case _ where TagSet.headings.contains(tag):
            closeParagraphIfInButtonScope()
            if isHTML(currentNode, in: .headings) { popCurrentNode() }
            insertHTMLElementFromToken()
        case HTMLTag.pre, HTMLTag.listing:
            closeParagraphIfInButtonScope()
            insertHTMLElementFromToken()
            ignoreNextLinefeed = true
            framesetOK = false
        case HTMLTag.form:
            if formElement >= 0 && !hasOpen(HTMLTag.template) { return }
            closeParagraphIfInButtonScope()
            let form = insertHTMLElementFromToken()
            if !hasOpen(HTMLTag.template) { formElement = form }
        case HTMLTag.li, HTMLTag.dd, HTMLTag.dt:
            closeListItem(isListItem: tag == HTMLTag.li)
            closeParagraphIfInButtonScope()
            insertHTMLElementFromToken()
        case HTMLTag.plaintext:
            closeParagraphIfInButtonScope()
            insertHTMLElementFromToken()
            state = .plaintext
        case HTMLTag.button:
            if hasInScope(HTMLTag.button) {
                closeUpTo(HTMLTag.button)
                reprocess = true
                return
            }
            reconstructActiveFormatting()
            insertHTMLElementFromToken()
            framesetOK = false
        case HTMLTag.a:
            if lastAnchorInActiveFormatting() != nil {
                adoptionAgency(HTMLTag.a)
                if let remaining = lastAnchorInActiveFormatting() {
                    let element = activeFormatting.remove(at: remaining)
                    if let position = openElements.firstIndex(of: element) { openElements.remove(at: position) }
                }
            }
            reconstructActiveFormatting()
            pushActiveFormatting(insertHTMLElementFromToken())
        case _ where TagSet.formatting.contains(tag):
            reconstructActiveFormatting()
            pushActiveFormatting(insertHTMLElementFromToken())
        case HTMLTag.nobr:
            reconstructActiveFormatting()
            if hasInScope(HTMLTag.nobr) {
                adoptionAgency(HTMLTag.nobr)
                reconstructActiveFormatting()
            }
            pushActiveFormatting(insertHTMLElementFromToken())
        case HTMLTag.applet, HTMLTag.marquee, HTMLTag.object:
            reconstructActiveFormatting()
            insertHTMLElementFromToken()
            pushActiveFormatting(Self.marker)
            framesetOK = false
        case HTMLTag.table:
            if !quirksMode { closeParagraphIfInButtonScope() }
            insertHTMLElementFromToken()
            framesetOK = false
            mode = .inTable
        case _ where TagSet.voidInBody.contains(tag):
            if tag == HTMLTag.image {
                token.tag = HTMLTag.img
                token.name = Int32(HTMLTag.img)
            }
            reconstructActiveFormatting()
            insertHTMLElementFromToken()
            popCurrentNode()
            framesetOK = false
        case HTMLTag.input:
            let hidden = tokenAttribute("type").map { asciiCaseInsensitiveEquals($0, "hidden") } ?? false
            if !hidden { framesetOK = false }
            reconstructActiveFormatting()
            insertHTMLElementFromToken()
            popCurrentNode()
        case HTMLTag.param, HTMLTag.source, HTMLTag.track:
            insertHTMLElementFromToken()
            popCurrentNode()
        case HTMLTag.hr:
            closeParagraphIfInButtonScope()
            insertHTMLElementFromToken()
            popCurrentNode()
            framesetOK = false
        case HTMLTag.isindex:
            isindex()
        case HTMLTag.textarea:
            genericText(.rcdata)
            ignoreNextLinefeed = true
            framesetOK = false
        case HTMLTag.xmp:
            closeParagraphIfInButtonScope()
            reconstructActiveFormatting()
            framesetOK = false
            genericText(.rawtext)
        case HTMLTag.iframe:
            framesetOK = false
            genericText(.rawtext)
        case HTMLTag.noembed:
            genericText(.rawtext)
        case HTMLTag.select:
            reconstructActiveFormatting()
            insertHTMLElementFromToken()
            framesetOK = false
            switch mode {
            case .inTable, .inCaption, .inTableBody, .inRow, .inCell: mode = .inSelectInTable
            default: mode = .inSelect
            }
        case HTMLTag.option, HTMLTag.optgroup:
            if isHTML(currentNode, HTMLTag.option) { popCurrentNode() }
            reconstructActiveFormatting()
            insertHTMLElementFromToken()
        case HTMLTag.rb, HTMLTag.rp, HTMLTag.rt, HTMLTag.rtc:
            let exception = tag == HTMLTag.rt || tag == HTMLTag.rp ? HTMLTag.rtc : HTMLTag.unknown - 1
            if hasInScope(HTMLTag.ruby) { generateImpliedEndTags(except: exception) }
            insertHTMLElementFromToken()
        case HTMLTag.math:
            reconstructActiveFormatting()
            adjustMathMLAttributes()
            adjustForeignAttributes()
            insertForeignElementFromToken(.mathML)
            if token.selfClosing { popCurrentNode() }
        case HTMLTag.svg:
            reconstructActiveFormatting()
            adjustSVGAttributes()
            adjustForeignAttributes()
            insertForeignElementFromToken(.svg)
            if token.selfClosing { popCurrentNode() }
        case _ where TagSet.ignoredInBody.contains(tag):
            return
        default:
            reconstructActiveFormatting()
            insertHTMLElementFromToken()
        }
    }

    /// The last `a` in the list of active formatting elements after the last marker.
    private func lastAnchorInActiveFormatting() -> Int? {
        var index = activeFormatting.count - 1
        while index >= 0 {
            let entry = activeFormatting[index]
            if entry == Self.marker { return nil }
            if isHTML(entry, HTMLTag.a) { return index }
            index -= 1
        }
        return nil
    }

    /// An `li`, `dd` or `dt` start tag closes the open one of its kind unless a special element is between.
    private mutating func closeListItem(isListItem: Bool) {
        framesetOK = false
        var index = openElements.count - 1
        while index >= 0 {
            let node = openElements[index]
            let matches = isListItem ? isHTML(node, HTMLTag.li) : (isHTML(node, HTMLTag.dd) || isHTML(node, HTMLTag.dt))
            if matches {
                closeUpTo(tag(node))
                return
            }
            if isSpecial(node) && !(isHTML(node, HTMLTag.address) || isHTML(node, HTMLTag.div) || isHTML(node, HTMLTag.p)) {
                return
            }
            index -= 1
        }
    }

    /// `<isindex>`, which Gumbo still expands into a small search form.
    private mutating func isindex() {
        if formElement >= 0 && !hasOpen(HTMLTag.template) { return }
        closeParagraphIfInButtonScope()
        framesetOK = false
        let attributes = token.attributes
        var prompt: ArenaAttribute?, action: ArenaAttribute?, name: ArenaAttribute?
        for attribute in attributes {
            let start = Int(attribute.nameStart), count = Int(attribute.nameCount)
            if prompt == nil && arena.bytesEqual(start, count, "prompt") { prompt = attribute }
            if action == nil && arena.bytesEqual(start, count, "action") { action = attribute }
            if name == nil && arena.bytesEqual(start, count, "name") { name = attribute }
        }
        let form = insertImpliedElement(HTMLTag.form)
        if !hasOpen(HTMLTag.template) { formElement = form }
        if let action { addAttribute(action, to: form) }
        insertImpliedElement(HTMLTag.hr)
        popCurrentNode()
        insertImpliedElement(HTMLTag.label)
        if let prompt {
            arena.textBytes.append(contentsOf: arena.attributeBytes[Int(prompt.valueStart)..<Int(prompt.valueStart + prompt.valueCount)])
        } else {
            arena.textBytes.append(contentsOf: "This is a searchable index. Enter search keywords: ".utf8)
        }
        let input = insertImpliedElement(HTMLTag.input)
        for attribute in attributes where !isSame(attribute, prompt) && !isSame(attribute, action) && !isSame(attribute, name) {
            addAttribute(attribute, to: input)
        }
        let nameStart = Int32(arena.attributeBytes.count)
        arena.attributeBytes.append(contentsOf: "nameisindex".utf8)
        addAttribute(ArenaAttribute(nameStart: nameStart, nameCount: 4, valueStart: nameStart + 4, valueCount: 7), to: input)
        popCurrentNode()
        popCurrentNode()
        insertImpliedElement(HTMLTag.hr)
        popCurrentNode()
        popCurrentNode()
        if !hasOpen(HTMLTag.template) { formElement = -1 }
    }

    private func isSame(_ a: ArenaAttribute, _ b: ArenaAttribute?) -> Bool {
        guard let b else { return false }
        return a.nameStart == b.nameStart && a.valueStart == b.valueStart
    }

    /// Appends one attribute to an element the parser created (its attributes are the last in the list).
    private mutating func addAttribute(_ attribute: ArenaAttribute, to element: Int32) {
        let start = Int(arena.payloadStart[Int(element)]), count = Int(arena.payloadCount[Int(element)])
        if start + count != arena.attributes.count {
            let copy = Array(arena.attributes[start..<start + count])
            arena.payloadStart[Int(element)] = Int32(arena.attributes.count)
            arena.attributes.append(contentsOf: copy)
        }
        arena.attributes.append(attribute)
        arena.payloadCount[Int(element)] += 1
    }

    private mutating func inBodyEndTag() {
        let tag = token.tag
        switch tag {
        case HTMLTag.template:
            inHeadMode(.endTag)
        case HTMLTag.body, HTMLTag.html:
            guard hasInScope(HTMLTag.body) else { return }
            mode = .afterBody
            if tag == HTMLTag.html { reprocess = true }
        case _ where TagSet.blockEnd.contains(tag):
            guard hasInScope(tag) else { return }
            closeUpTo(tag)
        case HTMLTag.form:
            if hasOpen(HTMLTag.template) {
                guard hasInScope(HTMLTag.form) else { return }
                generateImpliedEndTags()
                guard isHTML(currentNode, HTMLTag.form) else { return }
                popUntil(HTMLTag.form)
            } else {
                let node = formElement
                formElement = -1
                guard node >= 0, hasNodeInScope(node) else { return }
                generateImpliedEndTags()
                if let index = openElements.firstIndex(of: node) { openElements.remove(at: index) }
            }
        case HTMLTag.p:
            if !hasInButtonScope(HTMLTag.p) {
                insertImpliedElement(HTMLTag.p)
                reprocess = true
                return
            }
            closeUpTo(HTMLTag.p)
        case HTMLTag.li:
            guard hasInListScope(HTMLTag.li) else { return }
            closeUpTo(HTMLTag.li)
        case HTMLTag.dd, HTMLTag.dt:
            guard hasInScope(tag) else { return }
            closeUpTo(tag)
        case _ where TagSet.headings.contains(tag):
            guard hasHeadingInScope() else { return }
            generateImpliedEndTags()
            while let node = openElements.last {
                popCurrentNode()
                if isHTML(node, in: .headings) { break }
            }
        case _ where TagSet.formattingEnd.contains(tag):
            adoptionAgency(tag)
        case HTMLTag.applet, HTMLTag.marquee, HTMLTag.object:
            guard hasInTableScope(tag) else { return }
            closeUpTo(tag)
            clearActiveFormattingToMarker()
        case HTMLTag.br:
            reconstructActiveFormatting()
            insertImpliedElement(HTMLTag.br)
            popCurrentNode()
        default:
            anyOtherEndTag(tag)
        }
    }

    /// Whether any heading is in scope.
    private func hasHeadingInScope() -> Bool {
        var index = openElements.count - 1
        while index >= 0 {
            let node = openElements[index]
            let tag = tag(node)
            switch arena.namespaces[Int(node)] {
            case .html:
                if TagSet.headings.contains(tag) { return true }
                if TagSet.defaultScope.contains(tag) { return false }
            case .mathML:
                if TagSet.mathMLScope.contains(tag) { return false }
            case .svg:
                if tag == HTMLTag.foreignObject || tag == HTMLTag.desc || tag == HTMLTag.title { return false }
            }
            index -= 1
        }
        return false
    }

    /// "Any other end tag" in body. Gumbo compares tags, so every unknown element matches every unknown
    /// end tag (`</x-a>` closes an open `<x-b>`).
    mutating func anyOtherEndTag(_ tag: UInt16) {
        var index = openElements.count - 1
        while index >= 0 {
            let node = openElements[index]
            if isHTML(node, tag) {
                generateImpliedEndTags(except: tag)
                while !openElements.isEmpty {
                    if popCurrentNode() == node { break }
                }
                return
            }
            if isSpecial(node) { return }
            index -= 1
        }
    }
}
