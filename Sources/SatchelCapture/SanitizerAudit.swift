/// An independent check of sanitized HTML, for tests and the fuzzer: parses it as a browser would and
/// lists whatever the sanitizer must never let out.
extension HTMLSanitizer {
    /// What in `html` breaks the sanitizer's rules: forbidden or foreign elements, event handlers,
    /// `style`, `class` or `id` attributes, and URLs that are not `http(s)`, `mailto` or checked images.
    /// Empty for sanitizer output.
    public static func violations(in html: String) -> [String] {
        var bytes = Array(html.utf8)
        bytes.removeAll { $0 == 0 }
        let document = HTMLParser.parse(bytes)
        let frame: Set<String> = ["#document", "html", "head", "body", "#text"]
        var found: [String] = []
        for node in 0..<document.count {
            let name = document.names[node]
            if frame.contains(name) { continue }
            if !document.isHTML[node] { found.append("foreign element <\(name)>") }
            if !allowedElements.contains(name) { found.append("element <\(name)>") }
            for attribute in document.attributes[node] {
                let lowered = attribute.value.lowercased()
                if attribute.name.hasPrefix("on") || ["style", "class", "id"].contains(attribute.name) {
                    found.append("attribute \(attribute.name) on <\(name)>")
                }
                if ["href", "src", "cite"].contains(attribute.name),
                   !(lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || (lowered.hasPrefix("mailto:") && name == "a")
                     || (name == "img" && DataImage.checked(attribute.value) != nil)) {
                    found.append("URL \(attribute.name)=\(attribute.value.prefix(80)) on <\(name)>")
                }
                if attribute.name == "srcset",
                   Images.srcsetCandidates(attribute.value).contains(where: { !$0.url.lowercased().hasPrefix("http") }) {
                    found.append("srcset with a non-http URL on <\(name)>")
                }
            }
        }
        return found
    }
}
