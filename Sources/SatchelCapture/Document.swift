/// One attribute of an element, name lowercased by the parser.
struct Attribute: Sendable {
    var name: String
    var value: String
}

/// A parsed page as flat arrays indexed by node number, in document order (preorder).
///
/// Node 0 is the document. Because numbering is preorder, the subtree of node `i` is exactly the range
/// `i..<end[i]`: every walk over a subtree is a loop, never a recursion, so a page nested 100,000 levels
/// deep costs no stack. Extraction marks nodes instead of moving them (`removed`).
struct Document: Sendable {
    /// Lowercased element name; `#text` for text, `#document` for node 0.
    var names: [String] = []
    /// Attributes of an element, in source order.
    var attributes: [[Attribute]] = []
    /// Parent of each node (-1 for the document).
    var parents: [Int] = []
    /// First child, next sibling and last child of each node (-1 for none): no array per node.
    private(set) var firstChild: [Int32] = []
    private(set) var nextSibling: [Int32] = []
    private var lastChild: [Int32] = []
    /// One past the last node of each subtree.
    var ends: [Int] = []
    /// Whether the node is in the HTML namespace (false inside `<svg>` and `<math>`).
    var isHTML: [Bool] = []
    /// Nodes dropped by extraction, with their subtrees.
    var removed: [Bool] = []
    /// Scalars of a text node once whitespace is collapsed (0 for elements).
    var textLengths: [Int32] = []
    /// Commas in a text node.
    var textCommas: [Int32] = []
    /// The UTF-8 of every text node, one after the other; a node's text is `textStart[n]..<textStart[n] + textCount[n]`.
    private var textBytes: [UInt8] = []
    private var textStart: [Int32] = []
    private var textCount: [Int32] = []

    /// Number of nodes.
    var count: Int { names.count }

    /// Bytes of text in the whole document.
    var textByteCount: Int { textBytes.count }

    /// Whether `node` is a text node.
    @inline(__always) func isText(_ node: Int) -> Bool { names[node] == "#text" }

    /// Appends an element (or the document) and returns its number; `ends` is filled by `finish()`.
    mutating func append(name: String, attributes: [Attribute] = [], parent: Int, html: Bool = true) -> Int {
        let index = link(name: name, parent: parent)
        self.attributes.append(attributes)
        isHTML.append(html)
        textStart.append(0)
        textCount.append(0)
        textLengths.append(0)
        textCommas.append(0)
        return index
    }

    /// Appends a text node holding the UTF-8 `text`.
    mutating func appendText(_ text: UnsafeBufferPointer<UInt8>, parent: Int) {
        _ = link(name: "#text", parent: parent)
        attributes.append([])
        isHTML.append(true)
        textStart.append(Int32(clamping: textBytes.count))
        textCount.append(Int32(clamping: text.count))
        textBytes.append(contentsOf: text)
        textLengths.append(Int32(clamping: Whitespace.collapsedLength(text)))
        textCommas.append(Int32(clamping: Whitespace.commaCount(text)))
    }

    /// Takes `bytes` as the text buffer without copying it; text nodes then name ranges of it
    /// (``appendText(start:count:parent:)``).
    mutating func adoptTextBuffer(_ bytes: [UInt8]) {
        textBytes = bytes
    }

    /// Appends a text node whose UTF-8 is `count` bytes at `start` of the adopted text buffer.
    mutating func appendText(start: Int32, count: Int32, parent: Int) {
        _ = link(name: "#text", parent: parent)
        attributes.append([])
        isHTML.append(true)
        textStart.append(start)
        textCount.append(count)
        let (length, commas) = textBytes.withUnsafeBufferPointer { all in
            let text = UnsafeBufferPointer(rebasing: all[Int(start)..<Int(start) + Int(count)])
            return (Whitespace.collapsedLength(text), Whitespace.commaCount(text))
        }
        textLengths.append(Int32(clamping: length))
        textCommas.append(Int32(clamping: commas))
    }

    /// Reserves room for `nodes` nodes.
    mutating func reserveCapacity(_ nodes: Int) {
        names.reserveCapacity(nodes)
        attributes.reserveCapacity(nodes)
        parents.reserveCapacity(nodes)
        firstChild.reserveCapacity(nodes)
        nextSibling.reserveCapacity(nodes)
        lastChild.reserveCapacity(nodes)
        isHTML.reserveCapacity(nodes)
        removed.reserveCapacity(nodes)
        textLengths.reserveCapacity(nodes)
        textCommas.reserveCapacity(nodes)
        textStart.reserveCapacity(nodes)
        textCount.reserveCapacity(nodes)
    }

    private mutating func link(name: String, parent: Int) -> Int {
        let index = names.count
        names.append(name)
        parents.append(parent)
        firstChild.append(-1)
        nextSibling.append(-1)
        lastChild.append(-1)
        removed.append(false)
        if parent >= 0 {
            if lastChild[parent] >= 0 { nextSibling[Int(lastChild[parent])] = Int32(index) } else { firstChild[parent] = Int32(index) }
            lastChild[parent] = Int32(index)
        }
        return index
    }

    /// Computes subtree ends once all nodes are appended (children have larger numbers than parents).
    mutating func finish() {
        ends = Array(repeating: 0, count: names.count)
        var index = names.count - 1
        while index >= 0 {
            ends[index] = lastChild[index] >= 0 ? ends[Int(lastChild[index])] : index + 1
            index -= 1
        }
    }

    /// The children of `node`, in order.
    func children(of node: Int) -> [Int] {
        var found: [Int] = []
        var child = Int(firstChild[node])
        while child >= 0 {
            found.append(child)
            child = Int(nextSibling[child])
        }
        return found
    }

    /// The text of a text node.
    func text(_ node: Int) -> String {
        withText(node) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 of a text node (empty for elements).
    func withText<Result>(_ node: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        textBytes.withUnsafeBufferPointer { all in
            let start = Int(textStart[node])
            return body(UnsafeBufferPointer(rebasing: all[start..<start + Int(textCount[node])]))
        }
    }

    /// The value of attribute `name` of `node`, if present.
    func attribute(_ name: String, of node: Int) -> String? {
        for attribute in attributes[node] where attribute.name == name { return attribute.value }
        return nil
    }

    /// Whether `node` lies inside the subtree of `ancestor` (or is it).
    @inline(__always) func contains(_ ancestor: Int, _ node: Int) -> Bool {
        node >= ancestor && node < ends[ancestor]
    }

    /// Whether `node` or one of its ancestors is removed.
    func isRemoved(_ node: Int) -> Bool {
        var current = node
        while current >= 0 {
            if removed[current] { return true }
            current = parents[current]
        }
        return false
    }

    /// Calls `body` for every node of the subtree of `root` that is not removed (nor inside a removed
    /// node), in document order; `body` returns false to skip the node's children.
    func walk(_ root: Int, _ body: (Int) -> Bool) {
        var index = root
        let end = ends[root]
        while index < end {
            if removed[index] {
                index = ends[index]
                continue
            }
            if body(index) {
                index += 1
            } else {
                index = ends[index]
            }
        }
    }

    /// The elements named `name` in the subtree of `root` that are not removed.
    func elements(named name: String, in root: Int = 0) -> [Int] {
        var found: [Int] = []
        walk(root) { node in
            if names[node] == name { found.append(node) }
            return true
        }
        return found
    }

    /// The first element named `name` in document order.
    func first(named name: String, in root: Int = 0) -> Int? {
        var index = root
        while index < ends[root] {
            if names[index] == name { return index }
            index += 1
        }
        return nil
    }

    /// The text of the subtree of `root` (not removed), with whitespace collapsed and trimmed.
    func textContent(_ root: Int) -> String {
        var bytes: [UInt8] = []
        walk(root) { node in
            if isText(node) { withText(node) { bytes.append(contentsOf: $0) } }
            return true
        }
        return bytes.withUnsafeBufferPointer { Whitespace.collapse($0) }
    }

    /// The collapsed length of the text of the subtree of `root` (not removed), without building it.
    func textLength(_ root: Int) -> Int {
        var length = 0
        walk(root) { node in
            length += Int(textLengths[node])
            return true
        }
        return length
    }

    /// The ancestors of `node`, nearest first, up to `limit` of them.
    func ancestors(of node: Int, limit: Int = .max) -> [Int] {
        var found: [Int] = []
        var current = parents[node]
        while current > 0, found.count < limit {
            found.append(current)
            current = parents[current]
        }
        return found
    }
}
