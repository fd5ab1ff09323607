/// The "in select", "in select in table" and "in template" insertion modes.
extension HTMLTreeParser {
    private mutating func closeSelect() {
        popUntil(HTMLTag.select)
        resetInsertionMode()
    }

    /// The "in select" insertion mode.
    mutating func inSelectMode(_ kind: TokenKind) {
        switch kind {
        case .characters, .doctype: return
        case .comment: flushText()
        case .endOfFile: inBodyMode(kind)
        case .startTag:
            switch token.tag {
            case HTMLTag.html: inBodyMode(kind)
            case HTMLTag.option:
                if isHTML(currentNode, HTMLTag.option) { popCurrentNode() }
                insertHTMLElementFromToken()
            case HTMLTag.optgroup:
                if isHTML(currentNode, HTMLTag.option) { popCurrentNode() }
                if isHTML(currentNode, HTMLTag.optgroup) { popCurrentNode() }
                insertHTMLElementFromToken()
            case HTMLTag.select:
                if hasInSelectScope(HTMLTag.select) { closeSelect() }
            case HTMLTag.input, HTMLTag.keygen, HTMLTag.textarea:
                guard hasInSelectScope(HTMLTag.select) else { return }
                closeSelect()
                reprocess = true
            case HTMLTag.script, HTMLTag.template: inHeadMode(kind)
            default: return
            }
        case .endTag:
            switch token.tag {
            case HTMLTag.optgroup:
                let count = openElements.count
                if isHTML(currentNode, HTMLTag.option) && count >= 2 && isHTML(openElements[count - 2], HTMLTag.optgroup) {
                    popCurrentNode()
                }
                if isHTML(currentNode, HTMLTag.optgroup) { popCurrentNode() }
            case HTMLTag.option:
                if isHTML(currentNode, HTMLTag.option) { popCurrentNode() }
            case HTMLTag.select:
                guard hasInSelectScope(HTMLTag.select) else { return }
                closeSelect()
            case HTMLTag.template: inHeadMode(kind)
            default: return
            }
        }
    }

    /// The "in select in table" insertion mode.
    mutating func inSelectInTableMode(_ kind: TokenKind) {
        let tableTags = TagSet.selectInTableBreakers
        if kind == .startTag && tableTags.contains(token.tag) {
            closeSelect()
            reprocess = true
            return
        }
        if kind == .endTag && tableTags.contains(token.tag) {
            guard hasInTableScope(token.tag) else { return }
            closeSelect()
            reprocess = true
            return
        }
        inSelectMode(kind)
    }

    /// The "in template" insertion mode.
    mutating func inTemplateMode(_ kind: TokenKind) {
        switch kind {
        case .characters, .comment, .doctype:
            inBodyMode(kind)
        case .startTag:
            let next: Mode
            switch token.tag {
            case HTMLTag.base, HTMLTag.basefont, HTMLTag.bgsound, HTMLTag.link, HTMLTag.meta, HTMLTag.noframes,
                 HTMLTag.script, HTMLTag.style, HTMLTag.template, HTMLTag.title:
                inHeadMode(kind)
                return
            case HTMLTag.caption, HTMLTag.colgroup, HTMLTag.tbody, HTMLTag.tfoot, HTMLTag.thead: next = .inTable
            case HTMLTag.col: next = .inColumnGroup
            case HTMLTag.tr: next = .inTableBody
            case HTMLTag.td, HTMLTag.th: next = .inRow
            default: next = .inBody
            }
            _ = templateModes.popLast()
            templateModes.append(next)
            mode = next
            reprocess = true
        case .endTag:
            if token.tag == HTMLTag.template { inHeadMode(kind) }
        case .endOfFile:
            guard hasOpen(HTMLTag.template) else { return }
            popUntil(HTMLTag.template)
            clearActiveFormattingToMarker()
            _ = templateModes.popLast()
            resetInsertionMode()
            reprocess = true
        }
    }
}
