/// Writing the finished arena as a ``Document``: nodes renumbered in preorder with an explicit stack,
/// attributes and names as strings, the text buffer handed over without a copy.
extension NodeArena {
    /// The document of the tree under node 0 (nodes left out of it, such as a body a frameset replaced,
    /// are dropped); the arena is spent afterwards.
    mutating func document(names: HTMLNameTable) -> Document {
        // The walk needs last children and previous siblings only: the other links go first, to lower the peak.
        parents = []
        firstChild = []
        nextSibling = []
        var document = Document()
        document.reserveCapacity(count)
        let text = textBytes
        textBytes = []
        document.adoptTextBuffer(text)
        var stack: [(node: Int32, parent: Int)] = [(0, -1)]
        stack.reserveCapacity(64)
        let displayNames = names.displayNames
        while let (node, parent) = stack.popLast() {
            let index: Int
            switch kinds[Int(node)] {
            case .document:
                index = document.append(name: "#document", parent: parent)
            case .element:
                let name = sourceNames[node].map { String(decoding: $0.prefix(64), as: UTF8.self).lowercased() }
                    ?? displayNames[Int(self.names[Int(node)])]
                index = document.append(name: name, attributes: stringAttributes(of: node),
                                        parent: parent, html: namespaces[Int(node)] == .html)
            case .text:
                document.appendText(start: payloadStart[Int(node)], count: payloadCount[Int(node)], parent: parent)
                continue
            }
            var child = lastChild[Int(node)]
            while child >= 0 {
                stack.append((child, index))
                child = previousSibling[Int(child)]
            }
        }
        document.finish()
        return document
    }

    /// The attributes of `element` as strings.
    private func stringAttributes(of element: Int32) -> [Attribute] {
        let count = Int(payloadCount[Int(element)])
        guard count > 0 else { return [] }
        let start = Int(payloadStart[Int(element)])
        var found: [Attribute] = []
        found.reserveCapacity(count)
        attributeBytes.withUnsafeBufferPointer { bytes in
            for attribute in attributes[start..<start + count] {
                let name = UnsafeBufferPointer(rebasing: bytes[Int(attribute.nameStart)..<Int(attribute.nameStart + attribute.nameCount)])
                let value = UnsafeBufferPointer(rebasing: bytes[Int(attribute.valueStart)..<Int(attribute.valueStart + attribute.valueCount)])
                found.append(Attribute(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
            }
        }
        return found
    }
}
