/// The list of active formatting elements: pushing with Noah's Ark clause, reconstructing, and the
/// adoption agency algorithm (Gumbo's reading of it).
extension HTMLTreeParser {
    /// The marker in ``activeFormatting``.
    static let marker: Int32 = -1

    /// Pushes `element` (or a marker) onto the list; a fourth identical element drops the earliest of three.
    mutating func pushActiveFormatting(_ element: Int32) {
        if element != Self.marker {
            var identical = 0
            var earliest = -1
            var index = activeFormatting.count - 1
            while index >= 0 {
                let entry = activeFormatting[index]
                if entry == Self.marker { break }
                if sameElementSignature(entry, element) {
                    identical += 1
                    earliest = index
                }
                index -= 1
            }
            if identical >= 3 { activeFormatting.remove(at: earliest) }
        }
        activeFormatting.append(element)
    }

    /// Same name, namespace and attributes (names and values, in any order).
    private func sameElementSignature(_ a: Int32, _ b: Int32) -> Bool {
        guard arena.names[Int(a)] == arena.names[Int(b)], arena.namespaces[Int(a)] == arena.namespaces[Int(b)] else { return false }
        let aStart = Int(arena.payloadStart[Int(a)]), aCount = Int(arena.payloadCount[Int(a)])
        let bStart = Int(arena.payloadStart[Int(b)]), bCount = Int(arena.payloadCount[Int(b)])
        guard aCount == bCount else { return false }
        for i in aStart..<aStart + aCount {
            let attribute = arena.attributes[i]
            var matched = false
            for j in bStart..<bStart + bCount where sameName(arena.attributes[j], attribute) {
                matched = sameValue(arena.attributes[j], attribute)
                break
            }
            if !matched { return false }
        }
        return true
    }

    /// Clears the list back to the last marker.
    mutating func clearActiveFormattingToMarker() {
        while let entry = activeFormatting.popLast(), entry != Self.marker {}
    }

    /// A copy of `element` without children (same name, namespace and attributes).
    mutating func clone(_ element: Int32) -> Int32 {
        let copy = arena.makeNode(.element, name: arena.names[Int(element)], namespace: arena.namespaces[Int(element)],
                                  payloadStart: arena.payloadStart[Int(element)], payloadCount: arena.payloadCount[Int(element)])
        if let sourceName = arena.sourceNames[element] { arena.sourceNames[copy] = sourceName }
        return copy
    }

    /// "Reconstruct the active formatting elements" (without flushing the text buffer, as Gumbo does).
    mutating func reconstructActiveFormatting() {
        guard let last = activeFormatting.last, last != Self.marker, !openElements.contains(last) else { return }
        var index = activeFormatting.count - 1
        while index > 0 {
            let previous = activeFormatting[index - 1]
            if previous == Self.marker || openElements.contains(previous) { break }
            index -= 1
        }
        while index < activeFormatting.count {
            let copy = clone(activeFormatting[index])
            insert(copy, at: appropriateLocation())
            openElements.append(copy)
            activeFormatting[index] = copy
            index += 1
        }
        if openElements.count > Self.maximumOpenElements { stoppedAtDepth = true }
    }

    /// The adoption agency algorithm for an end tag `subject`; false when the tag is to be ignored.
    @discardableResult
    mutating func adoptionAgency(_ subject: UInt16) -> Bool {
        let current = currentNode
        if isHTML(current, subject) && !activeFormatting.contains(current) {
            popCurrentNode()
            return false
        }
        for _ in 0..<8 {
            var formatting: Int32 = -1
            var index = activeFormatting.count - 1
            while index >= 0 {
                let entry = activeFormatting[index]
                if entry == Self.marker { return false }
                if isHTML(entry, subject) {
                    formatting = entry
                    break
                }
                index -= 1
            }
            guard formatting >= 0 else { return false }
            guard let formattingInStack = openElements.firstIndex(of: formatting) else {
                if let position = activeFormatting.firstIndex(of: formatting) { activeFormatting.remove(at: position) }
                return false
            }
            guard hasInScope(tag(formatting)) else { return false }

            var furthestBlock: Int32 = -1
            for position in formattingInStack..<openElements.count where isSpecial(openElements[position]) {
                furthestBlock = openElements[position]
                break
            }
            if furthestBlock < 0 {
                while currentNode != formatting { popCurrentNode() }
                popCurrentNode()
                if let position = activeFormatting.firstIndex(of: formatting) { activeFormatting.remove(at: position) }
                return false
            }

            let commonAncestor = openElements[openElements.firstIndex(of: formatting)! - 1]
            var bookmark = activeFormatting.firstIndex(of: formatting)! + 1
            var node = furthestBlock
            var lastNode = furthestBlock
            var savedIndex = openElements.firstIndex(of: node)!
            var counter = 0
            while true {
                counter += 1
                var nodeIndex = openElements.firstIndex(of: node) ?? savedIndex
                nodeIndex -= 1
                savedIndex = nodeIndex
                node = openElements[nodeIndex]
                if node == formatting { break }
                let formattingIndex = activeFormatting.firstIndex(of: node)
                if counter > 3, let formattingIndex {
                    activeFormatting.remove(at: formattingIndex)
                    if formattingIndex < bookmark { bookmark -= 1 }
                    continue
                }
                guard let formattingIndex else {
                    openElements.remove(at: nodeIndex)
                    continue
                }
                let copy = clone(node)
                activeFormatting[formattingIndex] = copy
                openElements[nodeIndex] = copy
                node = copy
                if lastNode == furthestBlock { bookmark = formattingIndex + 1 }
                arena.detach(lastNode)
                arena.append(lastNode, to: node)
                lastNode = node
            }

            arena.detach(lastNode)
            insert(lastNode, at: appropriateLocation(override: commonAncestor))

            let newFormatting = clone(formatting)
            arena.moveChildren(of: furthestBlock, to: newFormatting)
            arena.append(newFormatting, to: furthestBlock)

            if let formattingIndex = activeFormatting.firstIndex(of: formatting) {
                if formattingIndex < bookmark { bookmark -= 1 }
                activeFormatting.remove(at: formattingIndex)
            }
            activeFormatting.insert(newFormatting, at: min(bookmark, activeFormatting.count))

            if let position = openElements.firstIndex(of: formatting) { openElements.remove(at: position) }
            let furthestIndex = openElements.firstIndex(of: furthestBlock) ?? (openElements.count - 1)
            openElements.insert(newFormatting, at: furthestIndex + 1)
        }
        return true
    }
}
