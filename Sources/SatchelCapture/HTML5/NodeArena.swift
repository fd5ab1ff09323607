/// One attribute of an arena element: its name and value as byte ranges of ``NodeArena/attributeBytes``.
struct ArenaAttribute {
    var nameStart: Int32
    var nameCount: Int32
    var valueStart: Int32
    var valueCount: Int32
}

/// The tree while the HTML parser builds it: nodes numbered in creation order and linked by `Int32`
/// indices, so that the adoption agency algorithm and foster parenting move a node by relinking it.
///
/// Names are numbers (``HTMLTag`` for known ones, ``HTMLNameTable`` for the rest), attributes and text are
/// byte ranges into two shared buffers: a node costs a few dozen bytes, whatever its content.
struct NodeArena {
    /// What a node is.
    enum Kind: UInt8 {
        case document, element, text
    }

    /// Namespaces of elements.
    enum Namespace: UInt8 {
        case html, svg, mathML
    }

    var kinds: [Kind] = []
    /// Name number of an element (see ``HTMLNameTable``); -1 for other nodes.
    var names: [Int32] = []
    var namespaces: [Namespace] = []
    var parents: [Int32] = []
    var firstChild: [Int32] = []
    var lastChild: [Int32] = []
    var nextSibling: [Int32] = []
    var previousSibling: [Int32] = []
    /// Element: first attribute in ``attributes``; text: first byte in ``textBytes``.
    var payloadStart: [Int32] = []
    /// Element: number of attributes; text: number of bytes.
    var payloadCount: [Int32] = []
    var attributes: [ArenaAttribute] = []
    var attributeBytes: [UInt8] = []
    /// Source spellings of the few elements whose name preprocessing changed (see ``HTMLTreeParser/TagToken``).
    var sourceNames: [Int32: [UInt8]] = [:]
    var textBytes: [UInt8] = []

    /// Number of nodes.
    var count: Int { kinds.count }

    /// Reserves room for a page of `bytes` bytes: one node per 12 bytes, more than markup-dense pages need,
    /// so that no array is copied to grow (reserved pages that are never written cost no memory).
    mutating func reserve(forPageOf bytes: Int) {
        let nodes = max(16, bytes / 12)
        kinds.reserveCapacity(nodes)
        names.reserveCapacity(nodes)
        namespaces.reserveCapacity(nodes)
        parents.reserveCapacity(nodes)
        firstChild.reserveCapacity(nodes)
        lastChild.reserveCapacity(nodes)
        nextSibling.reserveCapacity(nodes)
        previousSibling.reserveCapacity(nodes)
        payloadStart.reserveCapacity(nodes)
        payloadCount.reserveCapacity(nodes)
        textBytes.reserveCapacity(bytes / 2)
    }

    /// Creates an unattached node and returns its number.
    mutating func makeNode(_ kind: Kind, name: Int32 = -1, namespace: Namespace = .html, payloadStart start: Int32 = 0,
                           payloadCount length: Int32 = 0) -> Int32 {
        let node = Int32(kinds.count)
        kinds.append(kind)
        names.append(name)
        namespaces.append(namespace)
        parents.append(-1)
        firstChild.append(-1)
        lastChild.append(-1)
        nextSibling.append(-1)
        previousSibling.append(-1)
        payloadStart.append(start)
        payloadCount.append(length)
        return node
    }

    /// Appends `node` (unattached) as the last child of `parent`.
    mutating func append(_ node: Int32, to parent: Int32) {
        let p = Int(parent), n = Int(node)
        parents[n] = parent
        let last = lastChild[p]
        previousSibling[n] = last
        nextSibling[n] = -1
        if last >= 0 { nextSibling[Int(last)] = node } else { firstChild[p] = node }
        lastChild[p] = node
    }

    /// Inserts `node` (unattached) into `parent` just before its child `sibling`.
    mutating func insert(_ node: Int32, into parent: Int32, before sibling: Int32) {
        let n = Int(node), s = Int(sibling)
        parents[n] = parent
        let previous = previousSibling[s]
        previousSibling[n] = previous
        nextSibling[n] = sibling
        previousSibling[s] = node
        if previous >= 0 { nextSibling[Int(previous)] = node } else { firstChild[Int(parent)] = node }
    }

    /// Detaches `node` from its parent, if it has one.
    mutating func detach(_ node: Int32) {
        let n = Int(node)
        let parent = parents[n]
        guard parent >= 0 else { return }
        let previous = previousSibling[n], next = nextSibling[n]
        if previous >= 0 { nextSibling[Int(previous)] = next } else { firstChild[Int(parent)] = next }
        if next >= 0 { previousSibling[Int(next)] = previous } else { lastChild[Int(parent)] = previous }
        parents[n] = -1
        previousSibling[n] = -1
        nextSibling[n] = -1
    }

    /// Moves every child of `source` to the end of `target`, in order.
    mutating func moveChildren(of source: Int32, to target: Int32) {
        var child = firstChild[Int(source)]
        while child >= 0 {
            let next = nextSibling[Int(child)]
            detach(child)
            append(child, to: target)
            child = next
        }
    }

    /// The value bytes of attribute `name` (lowercase ASCII) of `element`, if it has one.
    func attributeValue(_ name: StaticString, of element: Int32) -> ArraySlice<UInt8>? {
        let start = Int(payloadStart[Int(element)]), count = Int(payloadCount[Int(element)])
        guard count > 0 else { return nil }
        for index in start..<start + count {
            let attribute = attributes[index]
            if bytesEqual(Int(attribute.nameStart), Int(attribute.nameCount), name) {
                return attributeBytes[Int(attribute.valueStart)..<Int(attribute.valueStart + attribute.valueCount)]
            }
        }
        return nil
    }

    /// Whether the attribute bytes at `start` (`count` long) spell `name`.
    func bytesEqual(_ start: Int, _ count: Int, _ name: StaticString) -> Bool {
        guard count == name.utf8CodeUnitCount else { return false }
        let pattern = name.utf8Start
        for offset in 0..<count where attributeBytes[start + offset] != pattern[offset] { return false }
        return true
    }
}
