/// The table insertion modes: in table, in table text, in caption, in column group, in table body, in
/// row, in cell.
extension HTMLTreeParser {
    private mutating func clearStack(toHTMLOr tags: TagSet) {
        while let node = openElements.last, !(isHTML(node, HTMLTag.html) || isHTML(node, HTMLTag.template) || isHTML(node, in: tags)) {
            popCurrentNode()
        }
    }

    private mutating func clearStackToTableContext() { clearStack(toHTMLOr: TagSet([HTMLTag.table])) }
    private mutating func clearStackToTableBodyContext() { clearStack(toHTMLOr: .tableSections) }
    private mutating func clearStackToTableRowContext() { clearStack(toHTMLOr: TagSet([HTMLTag.tr])) }

    /// Closes the table in table scope; false when there is none.
    private mutating func closeTable() -> Bool {
        guard hasInTableScope(HTMLTag.table) else { return false }
        popUntil(HTMLTag.table)
        resetInsertionMode()
        return true
    }

    /// The "in table" insertion mode.
    mutating func inTableMode(_ kind: TokenKind) {
        switch kind {
        case .characters: return
        case .comment: flushText(); return
        case .doctype: return
        case .endOfFile: inBodyMode(kind); return
        case .startTag:
            switch token.tag {
            case HTMLTag.caption:
                clearStackToTableContext()
                pushActiveFormatting(Self.marker)
                insertHTMLElementFromToken()
                mode = .inCaption
                return
            case HTMLTag.colgroup:
                clearStackToTableContext()
                insertHTMLElementFromToken()
                mode = .inColumnGroup
                return
            case HTMLTag.col:
                clearStackToTableContext()
                insertImpliedElement(HTMLTag.colgroup)
                mode = .inColumnGroup
                reprocess = true
                return
            case HTMLTag.tbody, HTMLTag.tfoot, HTMLTag.thead, HTMLTag.td, HTMLTag.th, HTMLTag.tr:
                clearStackToTableContext()
                mode = .inTableBody
                if token.tag == HTMLTag.td || token.tag == HTMLTag.th || token.tag == HTMLTag.tr {
                    insertImpliedElement(HTMLTag.tbody)
                    reprocess = true
                } else {
                    insertHTMLElementFromToken()
                }
                return
            case HTMLTag.table:
                if closeTable() { reprocess = true }
                return
            case HTMLTag.style, HTMLTag.script, HTMLTag.template:
                inHeadMode(kind)
                return
            case HTMLTag.input:
                if let type = tokenAttribute("type"), asciiCaseInsensitiveEquals(type, "hidden") {
                    insertHTMLElementFromToken()
                    popCurrentNode()
                    return
                }
            case HTMLTag.form:
                if formElement >= 0 || hasOpen(HTMLTag.template) { return }
                formElement = insertHTMLElementFromToken()
                popCurrentNode()
                return
            default: break
            }
        case .endTag:
            switch token.tag {
            case HTMLTag.table:
                _ = closeTable()
                return
            case HTMLTag.body, HTMLTag.caption, HTMLTag.col, HTMLTag.colgroup, HTMLTag.html, HTMLTag.tbody, HTMLTag.td,
                 HTMLTag.tfoot, HTMLTag.th, HTMLTag.thead, HTMLTag.tr:
                return
            case HTMLTag.template:
                inHeadMode(kind)
                return
            default: break
            }
        }
        fosterParenting = true
        inBodyMode(kind)
        fosterParenting = false
    }

    /// The "in table text" insertion mode.
    mutating func inTableTextMode(_ kind: TokenKind) {
        if pendingTextHasNonWhitespace() {
            fosterParenting = true
            reconstructActiveFormatting()
        }
        flushText()
        fosterParenting = false
        mode = originalMode
        reprocess = true
    }

    /// The "in caption" insertion mode.
    mutating func inCaptionMode(_ kind: TokenKind) {
        if isEnd(kind, HTMLTag.caption) {
            guard hasInTableScope(HTMLTag.caption) else { return }
            generateImpliedEndTags()
            popUntil(HTMLTag.caption)
            clearActiveFormattingToMarker()
            mode = .inTable
            return
        }
        if (kind == .startTag && TagSet.tableStructure.contains(token.tag)) || isEnd(kind, HTMLTag.table) {
            guard hasInTableScope(HTMLTag.caption) else { return }
            popUntil(HTMLTag.caption)
            clearActiveFormattingToMarker()
            mode = .inTable
            reprocess = true
            return
        }
        if kind == .endTag {
            switch token.tag {
            case HTMLTag.body, HTMLTag.col, HTMLTag.colgroup, HTMLTag.html, HTMLTag.tbody, HTMLTag.td, HTMLTag.tfoot,
                 HTMLTag.th, HTMLTag.thead, HTMLTag.tr:
                return
            default: break
            }
        }
        inBodyMode(kind)
    }

    /// The "in column group" insertion mode.
    mutating func inColumnGroupMode(_ kind: TokenKind) {
        switch kind {
        case .comment: flushText(); return
        case .doctype: return
        case .endOfFile: inBodyMode(kind); return
        case .startTag:
            switch token.tag {
            case HTMLTag.html: inBodyMode(kind); return
            case HTMLTag.col:
                insertHTMLElementFromToken()
                popCurrentNode()
                return
            case HTMLTag.template: inHeadMode(kind); return
            default: break
            }
        case .endTag:
            switch token.tag {
            case HTMLTag.colgroup:
                guard isHTML(currentNode, HTMLTag.colgroup) else { return }
                popCurrentNode()
                mode = .inTable
                return
            case HTMLTag.col: return
            case HTMLTag.template: inHeadMode(kind); return
            default: break
            }
        case .characters: return
        }
        guard isHTML(currentNode, HTMLTag.colgroup) else { return }
        popCurrentNode()
        mode = .inTable
        reprocess = true
    }

    /// The "in table body" insertion mode.
    mutating func inTableBodyMode(_ kind: TokenKind) {
        if kind == .startTag {
            switch token.tag {
            case HTMLTag.tr:
                clearStackToTableBodyContext()
                insertHTMLElementFromToken()
                mode = .inRow
                return
            case HTMLTag.td, HTMLTag.th:
                clearStackToTableBodyContext()
                insertImpliedElement(HTMLTag.tr)
                mode = .inRow
                reprocess = true
                return
            case HTMLTag.caption, HTMLTag.col, HTMLTag.colgroup, HTMLTag.tbody, HTMLTag.tfoot, HTMLTag.thead:
                leaveTableBody()
                return
            default: break
            }
        } else if kind == .endTag {
            switch token.tag {
            case HTMLTag.tbody, HTMLTag.tfoot, HTMLTag.thead:
                guard hasInTableScope(token.tag) else { return }
                clearStackToTableBodyContext()
                popCurrentNode()
                mode = .inTable
                return
            case HTMLTag.table:
                leaveTableBody()
                return
            case HTMLTag.body, HTMLTag.caption, HTMLTag.col, HTMLTag.tr, HTMLTag.colgroup, HTMLTag.html, HTMLTag.td, HTMLTag.th:
                return
            default: break
            }
        }
        inTableMode(kind)
    }

    private mutating func leaveTableBody() {
        guard hasInTableScope(HTMLTag.tbody) || hasInTableScope(HTMLTag.thead) || hasInTableScope(HTMLTag.tfoot) else { return }
        clearStackToTableBodyContext()
        popCurrentNode()
        mode = .inTable
        reprocess = true
    }

    /// The "in row" insertion mode.
    mutating func inRowMode(_ kind: TokenKind) {
        if kind == .startTag {
            switch token.tag {
            case HTMLTag.th, HTMLTag.td:
                clearStackToTableRowContext()
                insertHTMLElementFromToken()
                mode = .inCell
                pushActiveFormatting(Self.marker)
                return
            case HTMLTag.caption, HTMLTag.col, HTMLTag.colgroup, HTMLTag.tbody, HTMLTag.tfoot, HTMLTag.thead, HTMLTag.tr:
                leaveRow(reprocessing: true)
                return
            default: break
            }
        } else if kind == .endTag {
            switch token.tag {
            case HTMLTag.tr:
                leaveRow(reprocessing: false)
                return
            case HTMLTag.table:
                leaveRow(reprocessing: true)
                return
            case HTMLTag.tbody, HTMLTag.tfoot, HTMLTag.thead:
                guard hasInTableScope(token.tag) else { return }
                leaveRow(reprocessing: true)
                return
            case HTMLTag.body, HTMLTag.caption, HTMLTag.col, HTMLTag.colgroup, HTMLTag.html, HTMLTag.td, HTMLTag.th:
                return
            default: break
            }
        }
        inTableMode(kind)
    }

    private mutating func leaveRow(reprocessing: Bool) {
        guard hasInTableScope(HTMLTag.tr) else { return }
        clearStackToTableRowContext()
        popCurrentNode()
        mode = .inTableBody
        reprocess = reprocessing
    }

    /// The "in cell" insertion mode.
    mutating func inCellMode(_ kind: TokenKind) {
        if kind == .endTag {
            switch token.tag {
            case HTMLTag.td, HTMLTag.th:
                guard hasInTableScope(token.tag) else { return }
                closeCell(token.tag)
                return
            case HTMLTag.body, HTMLTag.caption, HTMLTag.col, HTMLTag.colgroup, HTMLTag.html:
                return
            case HTMLTag.table, HTMLTag.tbody, HTMLTag.tfoot, HTMLTag.thead, HTMLTag.tr:
                guard hasInTableScope(token.tag) else { return }
                reprocess = true
                closeCurrentCell()
                return
            default: break
            }
        } else if kind == .startTag && TagSet.tableStructure.contains(token.tag) {
            guard hasInTableScope(HTMLTag.th) || hasInTableScope(HTMLTag.td) else { return }
            reprocess = true
            closeCurrentCell()
            return
        }
        inBodyMode(kind)
    }

    private mutating func closeCurrentCell() {
        closeCell(hasInTableScope(HTMLTag.td) ? HTMLTag.td : HTMLTag.th)
    }

    private mutating func closeCell(_ tag: UInt16) {
        generateImpliedEndTags()
        popUntil(tag)
        clearActiveFormattingToMarker()
        mode = .inRow
    }
}
