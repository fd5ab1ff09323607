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
    /// Text of a text node; empty for elements.
    var texts: [String] = []
    /// Attributes of an element, in source order.
    var attributes: [[Attribute]] = []
    /// Parent of each node (-1 for the document).
    var parents: [Int] = []
    /// Children of each node, in order.
    var children: [[Int]] = []
    /// One past the last node of each subtree.
    var ends: [Int] = []
    /// Whether the node is in the HTML namespace (false inside `<svg>` and `<math>`).
    var isHTML: [Bool] = []
    /// Nodes dropped by extraction, with their subtrees.
    var removed: [Bool] = []
    /// Scalars of a text node once whitespace is collapsed (0 for elements).
    var textLengths: [Int] = []
    /// Commas in a text node.
    var textCommas: [Int] = []

    /// Number of nodes.
    var count: Int { names.count }

    /// Whether `node` is a text node.
    @inline(__always) func isText(_ node: Int) -> Bool { names[node] == "#text" }

    /// Appends a node and returns its number; `ends` is filled by `finish()`.
    mutating func append(name: String, text: String = "", attributes: [Attribute] = [], parent: Int, html: Bool = true) -> Int {
        let index = names.count
        names.append(name)
        texts.append(text)
        self.attributes.append(attributes)
        parents.append(parent)
        children.append([])
        isHTML.append(html)
        removed.append(false)
        if name == "#text" {
            var copy = text
            let (length, commas) = copy.withUTF8 { (Whitespace.collapsedLength($0), Whitespace.commaCount($0)) }
            textLengths.append(length)
            textCommas.append(commas)
        } else {
            textLengths.append(0)
            textCommas.append(0)
        }
        if parent >= 0 { children[parent].append(index) }
        return index
    }

    /// Computes subtree ends once all nodes are appended (children have larger numbers than parents).
    mutating func finish() {
        ends = Array(repeating: 0, count: names.count)
        var index = names.count - 1
        while index >= 0 {
            ends[index] = children[index].last.map { ends[$0] } ?? index + 1
            index -= 1
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
        var pieces = ""
        walk(root) { node in
            if isText(node) {
                pieces += texts[node]
            }
            return true
        }
        return Whitespace.collapse(pieces)
    }

    /// The collapsed length of the text of the subtree of `root` (not removed), without building it.
    func textLength(_ root: Int) -> Int {
        var length = 0
        walk(root) { node in
            length += textLengths[node]
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
