/// Tree construction's entry points: each token goes to the current insertion mode or to the rules for
/// foreign content, and is reprocessed as long as a rule asks for it.
extension HTMLTreeParser {
    /// Handles a run of characters from the tokenizer.
    mutating func processCharacters(_ text: UnsafeBufferPointer<UInt8>) {
        guard !text.isEmpty else { return }
        run = text
        if ignoreNextLinefeed {
            ignoreNextLinefeed = false
            if run[0] == 0x0A {
                run = UnsafeBufferPointer(rebasing: run[1...])
            }
        }
        while !run.isEmpty {
            let node = currentNode
            if node < 0 || isHTMLNamespace(node) || isMathMLTextIntegrationPoint(node) || isHTMLIntegrationPoint(node) {
                charactersInMode()
            } else {
                insertText(run)
                if containsNonWhitespace(run) { framesetOK = false }
                run = UnsafeBufferPointer(start: nil, count: 0)
            }
        }
    }

    /// Handles the text of a CDATA section (always foreign content).
    mutating func processCDATA(_ text: UnsafeBufferPointer<UInt8>) {
        ignoreNextLinefeed = false
        guard !text.isEmpty else { return }
        insertText(text)
        framesetOK = false
    }

    /// Handles a non-character token.
    mutating func process(_ kind: TokenKind) {
        ignoreNextLinefeed = false
        repeat {
            reprocess = false
            let node = currentNode
            let html: Bool
            if node < 0 || isHTMLNamespace(node) || kind == .endOfFile {
                html = true
            } else if kind == .startTag {
                html = (isMathMLTextIntegrationPoint(node) && token.tag != HTMLTag.mglyph && token.tag != HTMLTag.malignmark)
                    || (arena.namespaces[Int(node)] == .mathML && tag(node) == HTMLTag.annotationXML && token.tag == HTMLTag.svg)
                    || isHTMLIntegrationPoint(node)
            } else {
                html = false
            }
            if html {
                processInMode(kind)
            } else {
                processForeign(kind)
            }
        } while reprocess
    }

    /// The token in the current insertion mode.
    mutating func processInMode(_ kind: TokenKind) {
        switch mode {
        case .initial: initialMode(kind)
        case .beforeHTML: beforeHTMLMode(kind)
        case .beforeHead: beforeHeadMode(kind)
        case .inHead: inHeadMode(kind)
        case .inHeadNoscript: inHeadNoscriptMode(kind)
        case .afterHead: afterHeadMode(kind)
        case .inBody: inBodyMode(kind)
        case .text: textMode(kind)
        case .inTable: inTableMode(kind)
        case .inTableText: inTableTextMode(kind)
        case .inCaption: inCaptionMode(kind)
        case .inColumnGroup: inColumnGroupMode(kind)
        case .inTableBody: inTableBodyMode(kind)
        case .inRow: inRowMode(kind)
        case .inCell: inCellMode(kind)
        case .inSelect: inSelectMode(kind)
        case .inSelectInTable: inSelectInTableMode(kind)
        case .inTemplate: inTemplateMode(kind)
        case .afterBody: afterBodyMode(kind)
        case .inFrameset: inFramesetMode(kind)
        case .afterFrameset: afterFramesetMode(kind)
        case .afterAfterBody: afterAfterBodyMode(kind)
        case .afterAfterFrameset: afterAfterFramesetMode(kind)
        }
    }

    /// Ends parsing: flushes the text buffer and pops every open element.
    mutating func finish() {
        flushText()
        while !openElements.isEmpty { popCurrentNode() }
    }

    // MARK: - Characters

    /// Whether `text` holds a byte other than white space.
    func containsNonWhitespace(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in text where !Self.isWhitespace(byte) { return true }
        return false
    }

    /// The leading white space of ``run``, removed from it.
    mutating func takeLeadingWhitespace() -> UnsafeBufferPointer<UInt8> {
        var count = 0
        while count < run.count && Self.isWhitespace(run[count]) { count += 1 }
        let taken = UnsafeBufferPointer(rebasing: run[0..<count])
        run = UnsafeBufferPointer(rebasing: run[count...])
        return taken
    }

    /// Drops the leading characters of ``run`` that are not white space (tokens a mode ignores one by one).
    mutating func dropLeadingNonWhitespace() {
        var count = 0
        while count < run.count && !Self.isWhitespace(run[count]) { count += 1 }
        run = UnsafeBufferPointer(rebasing: run[count...])
    }

    /// Characters in "in body": reconstruct the formatting elements, insert, and note non-space text.
    mutating func bodyCharacters(_ text: UnsafeBufferPointer<UInt8>) {
        guard !text.isEmpty else { return }
        reconstructActiveFormatting()
        insertText(text)
        if containsNonWhitespace(text) { framesetOK = false }
    }

    /// Characters in the current insertion mode; consumes at least part of ``run`` or changes the mode.
    mutating func charactersInMode() {
        switch mode {
        case .initial:
            _ = takeLeadingWhitespace()
            if !run.isEmpty {
                quirksMode = true
                mode = .beforeHTML
            }
        case .beforeHTML:
            _ = takeLeadingWhitespace()
            if !run.isEmpty {
                htmlElement = insertImpliedElement(HTMLTag.html)
                mode = .beforeHead
            }
        case .beforeHead:
            _ = takeLeadingWhitespace()
            if !run.isEmpty {
                headElement = insertImpliedElement(HTMLTag.head)
                mode = .inHead
            }
        case .inHead, .inHeadNoscript:
            insertText(takeLeadingWhitespace())
            if !run.isEmpty {
                popCurrentNode()
                mode = mode == .inHead ? .afterHead : .inHead
            }
        case .afterHead:
            insertText(takeLeadingWhitespace())
            if !run.isEmpty {
                insertImpliedElement(HTMLTag.body)
                mode = .inBody
            }
        case .inBody, .inCaption, .inCell, .inTemplate:
            bodyCharacters(run)
            run = UnsafeBufferPointer(start: nil, count: 0)
        case .text, .inSelect, .inSelectInTable, .inTableText:
            insertText(run)
            run = UnsafeBufferPointer(start: nil, count: 0)
        case .inTable, .inTableBody, .inRow:
            originalMode = mode
            mode = .inTableText
        case .inColumnGroup:
            insertText(takeLeadingWhitespace())
            if !run.isEmpty {
                if isHTML(currentNode, HTMLTag.colgroup) {
                    popCurrentNode()
                    mode = .inTable
                } else {
                    dropLeadingNonWhitespace()
                }
            }
        case .inFrameset, .afterFrameset:
            insertText(takeLeadingWhitespace())
            dropLeadingNonWhitespace()
        case .afterBody, .afterAfterBody:
            bodyCharacters(takeLeadingWhitespace())
            if !run.isEmpty { mode = .inBody }
        case .afterAfterFrameset:
            bodyCharacters(takeLeadingWhitespace())
            dropLeadingNonWhitespace()
        }
    }
}
