/// The attributes an XHTML element keeps: the sanitizer's, each checked again for what an HTML5 schema
/// accepts (numbers in range, language tags well formed, links strict URIs).
extension XHTMLWriter {
    /// The attributes of `node` that an element named `name` may carry, in document order.
    func attributes(of node: Int, name: String) -> [(String, String)] {
        var result: [(String, String)] = []
        for attribute in document.attributes[node] {
            let value = attribute.value
            switch (name, attribute.name) {
            case ("a", "href"):
                if let link = LinkAddress.uri(value) { result.append(("href", link)) }
            case ("blockquote", "cite"), ("q", "cite"), ("del", "cite"), ("ins", "cite"):
                if let link = LinkAddress.uri(value), !link.hasPrefix("mailto:") { result.append(("cite", link)) }
            case ("td", "colspan"), ("th", "colspan"), ("col", "span"), ("colgroup", "span"):
                if let number = Int(value), (1...1000).contains(number) { result.append((attribute.name, String(number))) }
            case ("td", "rowspan"), ("th", "rowspan"):
                if let number = Int(value), (0...65534).contains(number) { result.append(("rowspan", String(number))) }
            case ("ol", "start"), ("li", "value"):
                if let number = Int(value), abs(number) < 1_000_000_000 { result.append((attribute.name, String(number))) }
            case ("th", "scope"):
                if ["row", "col", "rowgroup", "colgroup"].contains(value) { result.append(("scope", value)) }
            case ("ol", "type"):
                if ["1", "a", "A", "i", "I"].contains(value) { result.append(("type", value)) }
            case ("ol", "reversed"):
                result.append(("reversed", "reversed"))
            case (_, "lang"):
                if Self.isLanguageTag(value) { result.append(("lang", value)) }
            case (_, "dir"):
                if ["ltr", "rtl", "auto"].contains(value) { result.append(("dir", value)) }
            case (_, "title"):
                if value.utf8.count < 1000 { result.append(("title", value)) }
            default:
                continue
            }
        }
        return result
    }

    /// A BCP 47 shape: a 2–8 letter language, then subtags of 1–8 letters or digits, joined by `-`.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return false
        }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
