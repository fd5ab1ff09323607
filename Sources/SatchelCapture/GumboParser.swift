import CGumbo
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one door to Gumbo (`libgumbo`, the HTML Standard's tree construction in C), kept as the oracle that
/// ``HTMLTreeParser`` is compared with in the tests, the benchmark's `compare-parsers` and the fuzzer.
/// Parses UTF-8 HTML and copies Gumbo's tree into a ``Document``, freeing Gumbo's memory before returning.
enum GumboParser {
    /// Parses `bounded` (UTF-8 without NUL bytes, already cut by ``NestingGuard``) into a document.
    static func parse(_ bounded: [UInt8]) -> Document {
        var options = kGumboDefaultOptions
        options.max_errors = 0  // errors are not used; recording them costs time and memory
        let output: UnsafeMutablePointer<GumboOutput>? = bounded.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return gumbo_parse_with_options(&options, "", 0)  // an empty page is still html, head, body
            }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { characters in
                gumbo_parse_with_options(&options, characters, buffer.count)
            }
        }
        guard let output else {
            var empty = Document()
            _ = empty.append(name: "#document", parent: -1)
            empty.finish()
            return empty
        }
        defer { gumbo_destroy_output(&options, output) }
        return copy(output.pointee.document)
    }

    /// Copies Gumbo's tree in preorder with an explicit stack (no recursion).
    private static func copy(_ root: UnsafeMutablePointer<GumboNode>) -> Document {
        var document = Document()
        var stack: [(node: UnsafeMutablePointer<GumboNode>, parent: Int)] = [(root, -1)]
        let names = TagNames.shared
        while let (node, parent) = stack.popLast() {
            let index: Int
            let childVector: GumboVector
            switch node.pointee.type {
            case GUMBO_NODE_DOCUMENT:
                index = document.append(name: "#document", parent: parent)
                childVector = node.pointee.v.document.children
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                let element = node.pointee.v.element
                let name = node.pointee.type == GUMBO_NODE_TEMPLATE ? "template" : names.name(of: element)
                index = document.append(
                    name: name, attributes: attributes(element.attributes), parent: parent,
                    html: element.tag_namespace == GUMBO_NAMESPACE_HTML)
                childVector = element.children
            case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                if let text = node.pointee.v.text.text {
                    text.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
                        document.appendText(UnsafeBufferPointer(start: bytes, count: strlen(text)), parent: parent)
                    }
                }
                continue
            default:
                continue  // comments
            }
            var child = Int(childVector.length)
            while child > 0 {
                child -= 1
                if let pointer = childVector.data[child] {
                    stack.append((pointer.assumingMemoryBound(to: GumboNode.self), index))
                }
            }
        }
        document.finish()
        return document
    }

    private static func attributes(_ vector: GumboVector) -> [Attribute] {
        guard vector.length > 0 else { return [] }
        var found: [Attribute] = []
        found.reserveCapacity(Int(vector.length))
        for position in 0..<Int(vector.length) {
            guard let pointer = vector.data[position] else { continue }
            let attribute = pointer.assumingMemoryBound(to: GumboAttribute.self).pointee
            guard let name = attribute.name, let value = attribute.value else { continue }
            found.append(Attribute(name: String(cString: name), value: String(cString: value)))
        }
        return found
    }
}

/// Element names by Gumbo tag number, made once.
private final class TagNames: Sendable {
    static let shared = TagNames()
    let known: [String]

    private init() {
        var names: [String] = []
        var tag: UInt32 = 0
        while tag < GUMBO_TAG_UNKNOWN.rawValue {
            names.append(String(cString: gumbo_normalized_tagname(GumboTag(rawValue: tag))))
            tag += 1
        }
        known = names
    }

    func name(of element: GumboElement) -> String {
        let raw = Int(element.tag.rawValue)
        if raw < known.count { return known[raw] }
        var piece = element.original_tag
        // Gumbo starts the text of a start tag that follows an `</>` (an end tag without a name, which the
        // tokenizer drops) at that `</>`, so `</><x>` would name the element `><x`: skip such prefixes.
        if let data = piece.data {
            var offset = 0
            while piece.length - offset >= 3, data[offset] == 0x3C, data[offset + 1] == 0x2F, data[offset + 2] == 0x3E {
                offset += 3
            }
            piece = GumboStringPiece(data: data + offset, length: piece.length - offset)
        }
        gumbo_tag_from_original_text(&piece)
        guard let data = piece.data, piece.length > 0 else { return "unknown" }
        let bytes = UnsafeRawBufferPointer(start: data, count: min(piece.length, 64))
        return String(decoding: bytes, as: UTF8.self).lowercased()
    }
}
