/// Creating, inserting and popping nodes; the text buffer; foster parenting.
extension HTMLTreeParser {
    /// Where a new node goes: `parent`, before `before` (-1: at the end).
    struct Location {
        var parent: Int32
        var before: Int32
    }

    /// "The appropriate place for inserting a node", foster parenting included (Gumbo's version: a
    /// template later on the stack than the last table takes the node).
    func appropriateLocation(override: Int32 = -1) -> Location {
        let target = override >= 0 ? override : (htmlElement >= 0 ? currentNode : 0)
        guard fosterParenting, target > 0, isHTML(target, in: .tableFosterTargets) else { return Location(parent: target, before: -1) }
        var lastTemplate = -1, lastTable = -1
        for index in openElements.indices {
            let node = openElements[index]
            if isHTML(node, HTMLTag.template) { lastTemplate = index }
            if isHTML(node, HTMLTag.table) { lastTable = index }
        }
        if lastTemplate != -1 && (lastTable == -1 || lastTemplate > lastTable) {
            return Location(parent: openElements[lastTemplate], before: -1)
        }
        if lastTable == -1 { return Location(parent: openElements[0], before: -1) }
        let table = openElements[lastTable]
        let parent = arena.parents[Int(table)]
        if parent >= 0 { return Location(parent: parent, before: table) }
        return Location(parent: openElements[lastTable - 1], before: -1)
    }

    /// Puts unattached `node` at `location`.
    mutating func insert(_ node: Int32, at location: Location) {
        if location.before >= 0 {
            arena.insert(node, into: location.parent, before: location.before)
        } else {
            arena.append(node, to: location.parent)
        }
    }

    // MARK: - Text

    /// Adds characters to the text buffer (Gumbo's way: they become a node when the buffer is flushed).
    mutating func insertText(_ text: UnsafeBufferPointer<UInt8>) {
        arena.textBytes.append(contentsOf: text)
    }

    /// Whether the buffered text holds anything but white space.
    func pendingTextHasNonWhitespace() -> Bool {
        var index = pendingTextStart
        let bytes = arena.textBytes
        while index < bytes.count {
            if !Self.isWhitespace(bytes[index]) { return true }
            index += 1
        }
        return false
    }

    /// Turns the buffered text into a text node at the appropriate place (dropped when that is the document).
    mutating func flushText() {
        let length = arena.textBytes.count - pendingTextStart
        guard length > 0 else { return }
        let location = appropriateLocation()
        if location.parent == 0 {
            arena.textBytes.removeSubrange(pendingTextStart...)
            return
        }
        let node = arena.makeNode(.text, payloadStart: Int32(pendingTextStart), payloadCount: Int32(length))
        insert(node, at: location)
        pendingTextStart = arena.textBytes.count
    }

    /// Tab, line feed, form feed, carriage return, space.
    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0C || byte == 0x0D
    }

    // MARK: - Elements

    /// Creates an element from the current start tag token in `namespace`.
    mutating func createElementFromToken(namespace: NodeArena.Namespace = .html) -> Int32 {
        let start = Int32(arena.attributes.count)
        arena.attributes.append(contentsOf: token.attributes)
        let element = arena.makeNode(.element, name: token.name, namespace: namespace, payloadStart: start,
                                     payloadCount: Int32(token.attributes.count))
        if let sourceName = token.sourceName { arena.sourceNames[element] = sourceName }
        return element
    }

    /// Inserts `element` at the appropriate place and pushes it onto the stack of open elements.
    mutating func insertElement(_ element: Int32, flushing: Bool = true) {
        if flushing { flushText() }
        insert(element, at: appropriateLocation())
        openElements.append(element)
        if openElements.count > Self.maximumOpenElements { stoppedAtDepth = true }
    }

    /// "Insert an HTML element" for the current token.
    @discardableResult
    mutating func insertHTMLElementFromToken() -> Int32 {
        let element = createElementFromToken()
        insertElement(element)
        return element
    }

    /// Inserts an HTML element the parser implies (`html`, `head`, `body`, `tbody`, `tr`, `colgroup`, `p`…).
    @discardableResult
    mutating func insertImpliedElement(_ tag: UInt16) -> Int32 {
        let element = arena.makeNode(.element, name: Int32(tag), namespace: .html,
                                     payloadStart: Int32(arena.attributes.count), payloadCount: 0)
        insertElement(element)
        return element
    }

    /// Inserts a foreign element for the current token in `namespace`.
    mutating func insertForeignElementFromToken(_ namespace: NodeArena.Namespace) {
        let element = createElementFromToken(namespace: namespace)
        insertElement(element)
    }

    /// Pops the current node (flushing the text buffer into it first) and returns it.
    @discardableResult
    mutating func popCurrentNode() -> Int32 {
        flushText()
        return openElements.popLast() ?? -1
    }

    /// Pops until an HTML element with `tag` has been popped.
    mutating func popUntil(_ tag: UInt16) {
        while !openElements.isEmpty {
            if isHTML(popCurrentNode(), tag) { return }
        }
    }

    /// Removes `node` from the stack of open elements (wherever it is).
    mutating func removeFromStack(_ node: Int32) {
        if let index = openElements.lastIndex(of: node) { openElements.remove(at: index) }
    }

    /// "Generate implied end tags", except for HTML elements with tag `exception`.
    mutating func generateImpliedEndTags(except exception: UInt16 = HTMLTag.unknown - 1) {
        while let node = openElements.last, isHTML(node, in: .impliedEndTags), !isHTML(node, exception) {
            popCurrentNode()
        }
    }

    /// "Generate all implied end tags thoroughly".
    mutating func generateAllImpliedEndTagsThoroughly() {
        while let node = openElements.last, isHTML(node, in: .impliedEndTagsThoroughly) {
            popCurrentNode()
        }
    }

    /// Closes elements up to and including the HTML element with `tag` (Gumbo's `implicitly_close_tags`).
    mutating func closeUpTo(_ tag: UInt16) {
        generateImpliedEndTags(except: tag)
        while let node = openElements.last, !isHTML(node, tag) { popCurrentNode() }
        popCurrentNode()
    }

    /// Closes a `p` element in button scope, if there is one.
    mutating func closeParagraphIfInButtonScope() {
        if hasInButtonScope(HTMLTag.p) { closeUpTo(HTMLTag.p) }
    }

    /// Adds the current token's attributes that `element` lacks (a second `<html>` or `<body>` tag).
    mutating func mergeTokenAttributes(into element: Int32) {
        let start = Int(arena.payloadStart[Int(element)]), count = Int(arena.payloadCount[Int(element)])
        var added: [ArenaAttribute] = []
        for attribute in token.attributes {
            var present = false
            for index in start..<start + count where sameName(arena.attributes[index], attribute) {
                present = true
                break
            }
            if !present { added.append(attribute) }
        }
        guard !added.isEmpty else { return }
        let newStart = arena.attributes.count
        arena.attributes.append(contentsOf: arena.attributes[start..<start + count])
        arena.attributes.append(contentsOf: added)
        arena.payloadStart[Int(element)] = Int32(newStart)
        arena.payloadCount[Int(element)] = Int32(count + added.count)
    }

    /// Whether two attributes have the same name.
    func sameName(_ a: ArenaAttribute, _ b: ArenaAttribute) -> Bool {
        guard a.nameCount == b.nameCount else { return false }
        let bytes = arena.attributeBytes
        for offset in 0..<Int(a.nameCount) where bytes[Int(a.nameStart) + offset] != bytes[Int(b.nameStart) + offset] {
            return false
        }
        return true
    }

    /// Whether two attributes have the same value.
    func sameValue(_ a: ArenaAttribute, _ b: ArenaAttribute) -> Bool {
        guard a.valueCount == b.valueCount else { return false }
        let bytes = arena.attributeBytes
        for offset in 0..<Int(a.valueCount) where bytes[Int(a.valueStart) + offset] != bytes[Int(b.valueStart) + offset] {
            return false
        }
        return true
    }

    /// Whether the current token has attribute `name`, and its value if so.
    func tokenAttribute(_ name: StaticString) -> ArraySlice<UInt8>? {
        for attribute in token.attributes where arena.bytesEqual(Int(attribute.nameStart), Int(attribute.nameCount), name) {
            return arena.attributeBytes[Int(attribute.valueStart)..<Int(attribute.valueStart + attribute.valueCount)]
        }
        return nil
    }

    // MARK: - Insertion mode

    /// "Reset the insertion mode appropriately", as Gumbo does it (by tag, whatever the namespace).
    mutating func resetInsertionMode() {
        var index = openElements.count - 1
        while index >= 0 {
            let node = openElements[index]
            let last = index == 0
            switch tag(node) {
            case HTMLTag.select:
                if last { mode = .inSelect; return }
                var ancestor = index
                var found: Mode = .inSelect
                while ancestor > 0 {
                    let candidate = openElements[ancestor]
                    if isHTML(candidate, HTMLTag.template) { break }
                    if isHTML(candidate, HTMLTag.table) { found = .inSelectInTable; break }
                    ancestor -= 1
                }
                mode = found
                return
            case HTMLTag.td, HTMLTag.th:
                if !last { mode = .inCell; return }
            case HTMLTag.tr: mode = .inRow; return
            case HTMLTag.tbody, HTMLTag.thead, HTMLTag.tfoot: mode = .inTableBody; return
            case HTMLTag.caption: mode = .inCaption; return
            case HTMLTag.colgroup: mode = .inColumnGroup; return
            case HTMLTag.table: mode = .inTable; return
            case HTMLTag.template:
                if let current = templateModes.last { mode = current; return }
            case HTMLTag.head:
                if !last { mode = .inHead; return }
            case HTMLTag.body: mode = .inBody; return
            case HTMLTag.frameset: mode = .inFrameset; return
            case HTMLTag.html: mode = headElement >= 0 ? .afterHead : .beforeHead; return
            default: break
            }
            if last { mode = .inBody; return }
            index -= 1
        }
        mode = .inBody
    }
}
