/// The HTML Standard's parser in Swift: a tokenizer over UTF-8 bytes that hands each token straight to the
/// tree builder, which builds a ``NodeArena`` and then a ``Document`` in preorder.
///
/// Where Gumbo 0.10.1 (the parser this one replaced, kept as the tests' oracle) departs from the Standard,
/// this parser does as Gumbo does, so that the documents are the same; each such place says so
/// (docs/CAPTURE.md lists them). Nothing recurses: the open elements are an array, and the document is
/// written from the arena with an explicit stack.
struct HTMLTreeParser {
    /// The insertion modes of the Standard's tree construction.
    enum Mode {
        case initial, beforeHTML, beforeHead, inHead, inHeadNoscript, afterHead, inBody, text, inTable, inTableText
        case inCaption, inColumnGroup, inTableBody, inRow, inCell, inSelect, inSelectInTable, inTemplate
        case afterBody, inFrameset, afterFrameset, afterAfterBody, afterAfterFrameset
    }

    /// The kinds of token the tokenizer hands over; a tag's details are in ``token``.
    enum TokenKind {
        case characters, startTag, endTag, comment, doctype, endOfFile
    }

    /// The tag token being built or handled.
    struct TagToken {
        /// Name number in ``HTMLNameTable``.
        var name: Int32 = 0
        /// ``HTMLTag`` of the name.
        var tag: UInt16 = HTMLTag.unknown
        var selfClosing = false
        /// Attributes, their bytes in the arena's attribute buffer.
        var attributes: [ArenaAttribute] = []
        /// An end tag's source between `</` and `>`, which Gumbo compares in foreign content.
        var rawStart = 0
        var rawEnd = 0
        /// An unknown start tag's name as the source spells it, when preprocessing changed it (a control
        /// character inside it): Gumbo names elements from the source.
        var sourceName: [UInt8]? = nil
    }

    /// The preprocessed input the tokenizer reads.
    var input: UnsafeBufferPointer<UInt8>
    /// The input as given, and where preprocessing moved offsets (empty when it changed nothing).
    var source: UnsafeBufferPointer<UInt8>
    var sourceAnchors: [(Int, Int)] = []
    var arena = NodeArena()
    var names = HTMLNameTable()
    var token = TagToken()

    // Tree construction state.
    var mode: Mode = .initial
    var originalMode: Mode = .initial
    var templateModes: [Mode] = []
    var openElements: [Int32] = []
    /// Set when the stack of open elements grew past ``maximumOpenElements``: the rest of the page is
    /// dropped, so that every scan of the stack (scopes, the adoption agency) stays bounded.
    var stoppedAtDepth = false
    /// Deepest stack of open elements kept. ``NestingGuard`` bounds the tags as written; this bounds what
    /// reconstructing formatting elements can add to them (`<b><i><a>` repeated nests deeper with each `<a>`).
    static let maximumOpenElements = 640
    /// The list of active formatting elements; -1 is a marker.
    var activeFormatting: [Int32] = []
    var htmlElement: Int32 = -1
    var headElement: Int32 = -1
    var formElement: Int32 = -1
    var framesetOK = true
    var ignoreNextLinefeed = false
    var fosterParenting = false
    var quirksMode = false
    /// Whether the last DOCTYPE token asked for quirks mode.
    var doctypeIsQuirks = false
    var reprocess = false
    /// Text waiting to become a text node: `arena.textBytes[pendingTextStart...]` (Gumbo's text buffer).
    var pendingTextStart = 0
    /// The characters being handled; handlers consume them from the front.
    var run = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    // Tokenizer state (see HTMLTreeParser+Tokenizer.swift).
    var state: TokenizerState = .data
    var position = 0
    /// The last start tag's name, for "appropriate end tag" checks in RCDATA, RAWTEXT and script data.
    var lastStartTag: UInt16 = HTMLTag.unknown
    /// The tag name being read.
    var nameBuffer: [UInt8] = []

    init(input: UnsafeBufferPointer<UInt8>, source: UnsafeBufferPointer<UInt8>, anchors: [(Int, Int)]) {
        self.input = input
        self.source = source
        self.sourceAnchors = anchors
        arena.reserve(forPageOf: input.count)
        _ = arena.makeNode(.document)
        pendingTextStart = 0
    }

    /// Parses UTF-8 `utf8` (NUL-free, as ``CharacterEncoding`` leaves it) into a document.
    static func parse(_ utf8: [UInt8]) -> Document {
        utf8.withUnsafeBufferPointer { raw in
            if let cleaned = InputStream.normalized(raw) {
                return cleaned.bytes.withUnsafeBufferPointer { parse(clean: $0, source: raw, anchors: cleaned.anchors) }
            }
            return parse(clean: raw, source: raw, anchors: [])
        }
    }

    private static func parse(clean: UnsafeBufferPointer<UInt8>, source: UnsafeBufferPointer<UInt8>, anchors: [(Int, Int)]) -> Document {
        parseReportingDepth(clean: clean, source: source, anchors: anchors).document
    }

    /// Parses `utf8` and says whether the page was cut because its elements nested past
    /// ``maximumOpenElements`` (the differential check then has nothing to compare with Gumbo's tree).
    static func parseReportingDepth(_ utf8: [UInt8]) -> (document: Document, stoppedAtDepth: Bool) {
        utf8.withUnsafeBufferPointer { raw in
            if let cleaned = InputStream.normalized(raw) {
                return cleaned.bytes.withUnsafeBufferPointer { parseReportingDepth(clean: $0, source: raw, anchors: cleaned.anchors) }
            }
            return parseReportingDepth(clean: raw, source: raw, anchors: [])
        }
    }

    private static func parseReportingDepth(
        clean: UnsafeBufferPointer<UInt8>, source: UnsafeBufferPointer<UInt8>, anchors: [(Int, Int)]
    ) -> (document: Document, stoppedAtDepth: Bool) {
        var parser = HTMLTreeParser(input: clean, source: source, anchors: anchors)
        parser.tokenize()
        parser.finish()
        let names = parser.names
        return (parser.arena.document(names: names), parser.stoppedAtDepth)
    }

    // MARK: - Nodes

    /// The current node (the bottom of the stack of open elements).
    @inline(__always) var currentNode: Int32 { openElements.last ?? -1 }

    /// The ``HTMLTag`` of element `node` (``HTMLTag/unknown`` for other names).
    @inline(__always) func tag(_ node: Int32) -> UInt16 { HTMLNameTable.tag(of: arena.names[Int(node)]) }

    /// Whether `node` is an HTML element with tag `tag`.
    @inline(__always) func isHTML(_ node: Int32, _ tag: UInt16) -> Bool {
        arena.namespaces[Int(node)] == .html && self.tag(node) == tag
    }

    /// Whether `node` is in the HTML namespace.
    @inline(__always) func isHTMLNamespace(_ node: Int32) -> Bool { arena.namespaces[Int(node)] == .html }

    /// Whether `node` is an HTML element whose tag is in `set`.
    @inline(__always) func isHTML(_ node: Int32, in set: TagSet) -> Bool {
        arena.namespaces[Int(node)] == .html && set.contains(tag(node))
    }

    /// Whether `node` is a MathML text integration point (`mi`, `mo`, `mn`, `ms`, `mtext`).
    func isMathMLTextIntegrationPoint(_ node: Int32) -> Bool {
        arena.namespaces[Int(node)] == .mathML && TagSet.mathMLTextIntegration.contains(tag(node))
    }

    /// Whether `node` is an HTML integration point (SVG `foreignObject`, `desc`, `title`; MathML
    /// `annotation-xml` with an HTML encoding).
    func isHTMLIntegrationPoint(_ node: Int32) -> Bool {
        switch arena.namespaces[Int(node)] {
        case .svg:
            let tag = tag(node)
            return tag == HTMLTag.foreignObject || tag == HTMLTag.desc || tag == HTMLTag.title
        case .mathML:
            guard tag(node) == HTMLTag.annotationXML, let value = arena.attributeValue("encoding", of: node) else { return false }
            return asciiCaseInsensitiveEquals(value, "text/html") || asciiCaseInsensitiveEquals(value, "application/xhtml+xml")
        case .html:
            return false
        }
    }

    /// Whether `node` is in the Standard's "special" category (as Gumbo lists it: SVG `title` is not).
    func isSpecial(_ node: Int32) -> Bool {
        let tag = tag(node)
        switch arena.namespaces[Int(node)] {
        case .html: return TagSet.special.contains(tag)
        case .mathML: return TagSet.mathMLScope.contains(tag)
        case .svg: return tag == HTMLTag.foreignObject || tag == HTMLTag.desc
        }
    }

    // MARK: - Scopes

    /// Whether an HTML element with tag `target` is in scope, `boundary` naming the scope's HTML elements;
    /// `foreignBoundaries` adds the MathML and SVG ones of the default scope.
    func hasInScope(_ target: UInt16, boundary: TagSet, foreignBoundaries: Bool = true) -> Bool {
        var index = openElements.count - 1
        while index >= 0 {
            let node = openElements[index]
            let tag = tag(node)
            switch arena.namespaces[Int(node)] {
            case .html:
                if tag == target { return true }
                if boundary.contains(tag) { return false }
            case .mathML:
                if foreignBoundaries && TagSet.mathMLScope.contains(tag) { return false }
            case .svg:
                if foreignBoundaries && (tag == HTMLTag.foreignObject || tag == HTMLTag.desc || tag == HTMLTag.title) {
                    return false
                }
            }
            index -= 1
        }
        return false
    }

    /// "Has an element in scope".
    func hasInScope(_ tag: UInt16) -> Bool { hasInScope(tag, boundary: .defaultScope) }
    /// "Has an element in button scope".
    func hasInButtonScope(_ tag: UInt16) -> Bool { hasInScope(tag, boundary: .buttonScope) }
    /// "Has an element in list item scope".
    func hasInListScope(_ tag: UInt16) -> Bool { hasInScope(tag, boundary: .listScope) }
    /// "Has an element in table scope".
    func hasInTableScope(_ tag: UInt16) -> Bool { hasInScope(tag, boundary: .tableScope, foreignBoundaries: false) }
    /// Whether an HTML element with `tag` is anywhere on the stack.
    func hasOpen(_ tag: UInt16) -> Bool { hasInScope(tag, boundary: .htmlOnly, foreignBoundaries: false) }

    /// "Has an element in select scope": every element between is `optgroup` or `option`.
    func hasInSelectScope(_ target: UInt16) -> Bool {
        var index = openElements.count - 1
        while index >= 0 {
            let node = openElements[index]
            let tag = tag(node)
            let html = isHTMLNamespace(node)
            if html && tag == target { return true }
            if !(html && (tag == HTMLTag.optgroup || tag == HTMLTag.option)) { return false }
            index -= 1
        }
        return false
    }

    /// Whether `node` itself is in scope (the form element pointer's check).
    func hasNodeInScope(_ node: Int32) -> Bool {
        var index = openElements.count - 1
        while index >= 0 {
            let current = openElements[index]
            if current == node { return true }
            let tag = tag(current)
            switch arena.namespaces[Int(current)] {
            case .html: if TagSet.defaultScope.contains(tag) { return false }
            case .mathML: if TagSet.mathMLScope.contains(tag) { return false }
            case .svg: if tag == HTMLTag.foreignObject || tag == HTMLTag.desc || tag == HTMLTag.title { return false }
            }
            index -= 1
        }
        return false
    }

    /// ASCII case-insensitive comparison of attribute bytes with a lowercase literal.
    func asciiCaseInsensitiveEquals(_ value: ArraySlice<UInt8>, _ literal: StaticString) -> Bool {
        guard value.count == literal.utf8CodeUnitCount else { return false }
        var offset = 0
        for byte in value {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if lower != literal.utf8Start[offset] { return false }
            offset += 1
        }
        return true
    }
}
