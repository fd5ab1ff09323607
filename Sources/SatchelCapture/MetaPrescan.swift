/// The HTML Standard's encoding prescan, simplified: finds `<meta charset=…>` or
/// `<meta http-equiv="content-type" content="…charset=…">` in the first bytes of a page.
enum MetaPrescan {
    /// The charset label declared by the first `<meta>` that declares one, or nil.
    static func charset(_ bytes: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        var rest = text[...]
        while let start = rest.range(of: "<meta") {
            rest = rest[start.upperBound...]
            if let next = rest.first, next.isLetter { continue }  // <metadata>
            let tagEnd = rest.firstIndex(of: ">") ?? rest.endIndex
            let attributes = parseAttributes(rest[..<tagEnd])
            rest = rest[tagEnd...]
            if let charset = attributes["charset"], !charset.isEmpty { return charset }
            if attributes["http-equiv"] == "content-type", let content = attributes["content"],
               let label = charset(inMetaContent: content) {
                return label
            }
        }
        return nil
    }

    /// The charset in a `content` value: `text/html; charset=shift_jis`.
    static func charset(inMetaContent content: String) -> String? {
        guard let range = content.range(of: "charset") else { return nil }
        var rest = content[range.upperBound...].drop { $0 == " " }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " }
        if let quote = rest.first, quote == "\"" || quote == "'" {
            rest = rest.dropFirst()
            let label = rest.prefix { $0 != quote }
            return label.isEmpty ? nil : String(label)
        }
        let label = rest.prefix { $0 != ";" && $0 != " " && $0 != "\"" && $0 != "'" }
        return label.isEmpty ? nil : String(label)
    }

    /// Attributes of a tag's inside (`name=value`, quoted or not).
    private static func parseAttributes(_ inside: Substring) -> [String: String] {
        var found: [String: String] = [:]
        var rest = inside
        while true {
            rest = rest.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "/" }
            guard !rest.isEmpty else { break }
            let name = rest.prefix { $0 != "=" && $0 != " " && $0 != "\n" && $0 != "\t" && $0 != "/" }
            rest = rest.dropFirst(name.count).drop { $0 == " " }
            var value = ""
            if rest.first == "=" {
                rest = rest.dropFirst().drop { $0 == " " }
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    rest = rest.dropFirst()
                    let inner = rest.prefix { $0 != quote }
                    value = String(inner)
                    rest = rest.dropFirst(inner.count + 1)
                } else {
                    let inner = rest.prefix { $0 != " " && $0 != "\n" && $0 != "\t" }
                    value = String(inner)
                    rest = rest.dropFirst(inner.count)
                }
            }
            if name.isEmpty { rest = rest.dropFirst() } else if found[String(name)] == nil { found[String(name)] = value }
        }
        return found
    }
}
