/// The insertion modes around the body: initial, before and in the head, after the body, framesets, text.
extension HTMLTreeParser {
    /// Whether the current token is a start tag with `tag`.
    @inline(__always) func isStart(_ kind: TokenKind, _ tag: UInt16) -> Bool { kind == .startTag && token.tag == tag }
    /// Whether the current token is an end tag with `tag`.
    @inline(__always) func isEnd(_ kind: TokenKind, _ tag: UInt16) -> Bool { kind == .endTag && token.tag == tag }

    /// The "initial" insertion mode.
    mutating func initialMode(_ kind: TokenKind) {
        switch kind {
        case .comment: flushText()
        case .doctype:
            quirksMode = doctypeIsQuirks
            mode = .beforeHTML
        default:
            quirksMode = true
            mode = .beforeHTML
            reprocess = true
        }
    }

    /// The "before html" insertion mode.
    mutating func beforeHTMLMode(_ kind: TokenKind) {
        if kind == .doctype { return }
        if kind == .comment { flushText(); return }
        if isStart(kind, HTMLTag.html) {
            htmlElement = insertHTMLElementFromToken()
            mode = .beforeHead
            return
        }
        if kind == .endTag && !(token.tag == HTMLTag.head || token.tag == HTMLTag.body || token.tag == HTMLTag.html || token.tag == HTMLTag.br) {
            return
        }
        htmlElement = insertImpliedElement(HTMLTag.html)
        mode = .beforeHead
        reprocess = true
    }

    /// The "before head" insertion mode.
    mutating func beforeHeadMode(_ kind: TokenKind) {
        switch kind {
        case .doctype: return
        case .comment: flushText(); return
        default: break
        }
        if isStart(kind, HTMLTag.html) { inBodyMode(kind); return }
        if isStart(kind, HTMLTag.head) {
            headElement = insertHTMLElementFromToken()
            mode = .inHead
            return
        }
        if kind == .endTag && !(token.tag == HTMLTag.head || token.tag == HTMLTag.body || token.tag == HTMLTag.html || token.tag == HTMLTag.br) {
            return
        }
        headElement = insertImpliedElement(HTMLTag.head)
        mode = .inHead
        reprocess = true
    }

    /// The "in head" insertion mode.
    mutating func inHeadMode(_ kind: TokenKind) {
        switch kind {
        case .doctype: return
        case .comment: flushText(); return
        case .startTag:
            switch token.tag {
            case HTMLTag.html: inBodyMode(kind)
            case HTMLTag.base, HTMLTag.basefont, HTMLTag.bgsound, HTMLTag.menuitem, HTMLTag.link, HTMLTag.meta:
                insertHTMLElementFromToken()
                popCurrentNode()
            case HTMLTag.title: genericText(.rcdata)
            case HTMLTag.noframes, HTMLTag.style: genericText(.rawtext)
            case HTMLTag.noscript:
                insertHTMLElementFromToken()
                mode = .inHeadNoscript
            case HTMLTag.script: genericText(.scriptData)
            case HTMLTag.template:
                insertHTMLElementFromToken()
                pushActiveFormatting(Self.marker)
                framesetOK = false
                mode = .inTemplate
                templateModes.append(.inTemplate)
            case HTMLTag.head: return
            default: leaveHead()
            }
        case .endTag:
            switch token.tag {
            case HTMLTag.head:
                popCurrentNode()
                mode = .afterHead
            case HTMLTag.body, HTMLTag.html, HTMLTag.br:
                leaveHead()
            case HTMLTag.template:
                guard hasOpen(HTMLTag.template) else { return }
                generateAllImpliedEndTagsThoroughly()
                popUntil(HTMLTag.template)
                clearActiveFormattingToMarker()
                _ = templateModes.popLast()
                resetInsertionMode()
            default: return
            }
        default: leaveHead()
        }
    }

    private mutating func leaveHead() {
        popCurrentNode()
        mode = .afterHead
        reprocess = true
    }

    /// The generic raw text and RCDATA element parsing algorithms.
    mutating func genericText(_ tokenizerState: TokenizerState) {
        insertHTMLElementFromToken()
        state = tokenizerState
        originalMode = mode
        mode = .text
    }

    /// The "in head noscript" insertion mode.
    mutating func inHeadNoscriptMode(_ kind: TokenKind) {
        switch kind {
        case .doctype: return
        case .comment: inHeadMode(kind); return
        case .startTag:
            switch token.tag {
            case HTMLTag.html: inBodyMode(kind); return
            case HTMLTag.basefont, HTMLTag.bgsound, HTMLTag.link, HTMLTag.meta, HTMLTag.noframes, HTMLTag.style:
                inHeadMode(kind); return
            case HTMLTag.head, HTMLTag.noscript: return
            default: break
            }
        case .endTag:
            if token.tag == HTMLTag.noscript {
                popCurrentNode()
                mode = .inHead
                return
            }
            if token.tag != HTMLTag.br { return }
        default: break
        }
        popCurrentNode()
        mode = .inHead
        reprocess = true
    }

    /// The "after head" insertion mode.
    mutating func afterHeadMode(_ kind: TokenKind) {
        switch kind {
        case .doctype: return
        case .comment: flushText(); return
        case .startTag:
            switch token.tag {
            case HTMLTag.html: inBodyMode(kind); return
            case HTMLTag.body:
                insertHTMLElementFromToken()
                framesetOK = false
                mode = .inBody
                return
            case HTMLTag.frameset:
                insertHTMLElementFromToken()
                mode = .inFrameset
                return
            case HTMLTag.base, HTMLTag.basefont, HTMLTag.bgsound, HTMLTag.link, HTMLTag.meta, HTMLTag.noframes,
                 HTMLTag.script, HTMLTag.style, HTMLTag.template, HTMLTag.title:
                flushText()
                openElements.append(headElement)
                inHeadMode(kind)
                removeFromStack(headElement)
                return
            case HTMLTag.head: return
            default: break
            }
        case .endTag:
            if token.tag == HTMLTag.template { inHeadMode(kind); return }
            if !(token.tag == HTMLTag.body || token.tag == HTMLTag.html || token.tag == HTMLTag.br) { return }
        default: break
        }
        insertImpliedElement(HTMLTag.body)
        mode = .inBody
        reprocess = true
    }

    /// The "text" insertion mode.
    mutating func textMode(_ kind: TokenKind) {
        if kind == .endOfFile { reprocess = true }
        popCurrentNode()
        mode = originalMode
    }

    /// The "after body" insertion mode.
    mutating func afterBodyMode(_ kind: TokenKind) {
        switch kind {
        case .comment: flushText()
        case .doctype: return
        case .endOfFile: return
        case .startTag where token.tag == HTMLTag.html: inBodyMode(kind)
        case .endTag where token.tag == HTMLTag.html: mode = .afterAfterBody
        default:
            mode = .inBody
            reprocess = true
        }
    }

    /// The "in frameset" insertion mode.
    mutating func inFramesetMode(_ kind: TokenKind) {
        switch kind {
        case .comment: flushText()
        case .startTag:
            switch token.tag {
            case HTMLTag.html: inBodyMode(kind)
            case HTMLTag.frameset: insertHTMLElementFromToken()
            case HTMLTag.frame:
                insertHTMLElementFromToken()
                popCurrentNode()
            case HTMLTag.noframes: inHeadMode(kind)
            default: return
            }
        case .endTag where token.tag == HTMLTag.frameset:
            if isHTML(currentNode, HTMLTag.html) { return }
            popCurrentNode()
            if !isHTML(currentNode, HTMLTag.frameset) { mode = .afterFrameset }
        default: return
        }
    }

    /// The "after frameset" insertion mode.
    mutating func afterFramesetMode(_ kind: TokenKind) {
        switch kind {
        case .comment: flushText()
        case .startTag where token.tag == HTMLTag.html: inBodyMode(kind)
        case .startTag where token.tag == HTMLTag.noframes: inHeadMode(kind)
        case .endTag where token.tag == HTMLTag.html: mode = .afterAfterFrameset
        default: return
        }
    }

    /// The "after after body" insertion mode.
    mutating func afterAfterBodyMode(_ kind: TokenKind) {
        switch kind {
        case .comment: flushText()
        case .doctype: inBodyMode(kind)
        case .endOfFile: return
        case .startTag where token.tag == HTMLTag.html: inBodyMode(kind)
        default:
            mode = .inBody
            reprocess = true
        }
    }

    /// The "after after frameset" insertion mode.
    mutating func afterAfterFramesetMode(_ kind: TokenKind) {
        switch kind {
        case .comment: flushText()
        case .doctype: inBodyMode(kind)
        case .startTag where token.tag == HTMLTag.html: inBodyMode(kind)
        case .startTag where token.tag == HTMLTag.noframes: inHeadMode(kind)
        default: return
        }
    }
}
