/// Writes the kept nodes as plain text: paragraphs separated by a blank line, line breaks kept,
/// whitespace collapsed (except in `<pre>`); and counts words. Captions stay out of the text (they
/// interrupt the prose; the HTML and ``ArticleImage/caption`` keep them).
enum TextRenderer {
    private static let paragraphBreak: Set<String> = [
        "p", "div", "section", "article", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
        "dl", "table", "figure", "figcaption", "header", "main", "details", "summary", "hr", "address",
    ]
    private static let lineBreak: Set<String> = ["li", "dt", "dd", "tr", "br", "caption", "picture"]

    /// The text of the subtrees of `roots`, minus removed and unsafe nodes.
    static func text(_ document: Document, roots: [Int]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(document.textByteCount + 64)  // no doubling: the old and new buffer would coexist
        var pending = 0  // 0 none, 1 space, 2 line break, 3 paragraph break
        var preEnd = -1
        func request(_ level: Int) { pending = max(pending, level) }
        var stack: [(end: Int, level: Int)] = []
        for root in roots {
            request(3)
            var index = root
            let end = document.ends[root]
            while index < end {
                while let top = stack.last, top.end <= index {
                    request(top.level)
                    stack.removeLast()
                }
                if document.removed[index] {
                    index = document.ends[index]
                    continue
                }
                if document.isText(index) {
                    if index < preEnd {
                        flush(&output, &pending)
                        document.withText(index) { output.append(contentsOf: $0) }
                    } else {
                        document.withText(index) { bytes in
                            var position = 0
                            while position < bytes.count {
                                let byte = bytes[position]
                                if Whitespace.isASCIISpace(byte) || (byte == 0xC2 && position + 1 < bytes.count && bytes[position + 1] == 0xA0) {
                                    request(1)
                                    position += byte == 0xC2 ? 2 : 1
                                    continue
                                }
                                flush(&output, &pending)
                                output.append(byte)
                                position += 1
                            }
                        }
                    }
                    index += 1
                    continue
                }
                let name = document.names[index]
                if !document.isHTML[index] || HTMLSanitizer.droppedElements.contains(name) || isCaption(document, index, name) {
                    index = document.ends[index]
                    continue
                }
                let level = paragraphBreak.contains(name) ? 3 : lineBreak.contains(name) ? 2 : (name == "td" || name == "th") ? 1 : 0
                request(level)
                if name == "pre" { preEnd = max(preEnd, document.ends[index]) }
                stack.append((document.ends[index], level))
                index += 1
            }
            while let top = stack.popLast() { request(top.level) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let captionWords = ClassPatterns.patterns(["caption", "credit"])

    /// Captions and credits: `<figcaption>`, the text of a figure around an image, or a block whose
    /// class says caption or credit.
    private static func isCaption(_ document: Document, _ node: Int, _ name: String) -> Bool {
        switch name {
        case "figcaption": return true
        case "figure": return document.first(named: "img", in: node) != nil && document.first(named: "pre", in: node) == nil
            && document.first(named: "blockquote", in: node) == nil && document.first(named: "table", in: node) == nil
        case "div", "span", "p", "small": return ClassPatterns.matches(document.classAndID(node), captionWords)
        default: return false
        }
    }

    private static func flush(_ output: inout [UInt8], _ pending: inout Int) {
        if !output.isEmpty {
            switch pending {
            case 3: output += [0x0A, 0x0A]
            case 2: output.append(0x0A)
            case 1: output.append(0x20)
            default: break
            }
        }
        pending = 0
    }

    /// Words in `text`: runs of letters and digits, each CJK ideograph, kana or Thai character counted as one.
    static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let isWordByte = (value >= 0x30 && value <= 0x39) || ((value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A)
                if isWordByte {
                    if !inWord { count += 1 }
                    inWord = true
                } else if value != 0x27 && value != 0x2D {
                    inWord = false
                }
                continue
            }
            let isCJK = (0x3040...0x30FF).contains(value) || (0x3400...0x4DBF).contains(value)
                || (0x4E00...0x9FFF).contains(value) || (0xF900...0xFAFF).contains(value) || (0x0E00...0x0E7F).contains(value)
            if isCJK {
                count += 1
                inWord = false
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if !inWord { count += 1 }
                inWord = true
            } else if scalar == "'" || scalar == "’" || scalar == "-" {
                continue  // don't, well-known: one word
            } else {
                inWord = false
            }
        }
        return count
    }
}
