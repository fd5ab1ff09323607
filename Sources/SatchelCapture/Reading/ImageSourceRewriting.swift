import Foundation

/// Sanitizing for an offline copy: the same allowlist, with image sources pointed at local files.
extension HTMLSanitizer {
    /// Sanitizes `html` as ``sanitize(_:baseURL:)`` does, with each image `replacement` maps pointed at the value it returns.
    ///
    /// An `<img>` whose absolute `http(s)` URL `replacement` maps gets the returned value as its `src`
    /// (trusted as is, escaped) and loses its `srcset`; the `<source>`s of its `<picture>` are left out,
    /// so a browser cannot load the original instead. `replacement` is asked once per URL, only with
    /// URLs the sanitizer accepted; images it does not map keep them. Nothing else changes: the only
    /// URLs in the output that are not `http(s)`, `mailto` or checked `data:` images are the values
    /// `replacement` returned.
    ///
    ///     HTMLSanitizer.rewritingImageSources(html: #"<img src="/a.png">"#, baseURL: URL(string: "https://x.example/")) { url in
    ///         url == "https://x.example/a.png" ? "file:///cache/a.png" : nil
    ///     }
    ///     // <img src="file:///cache/a.png">
    public static func rewritingImageSources(html: String, baseURL: URL?, _ replacement: (String) -> String?) -> String {
        var bytes = Array(html.utf8)
        bytes.removeAll { $0 == 0 }
        let document = HTMLParser.parse(bytes)
        guard let body = document.first(named: "body") else { return "" }
        return withoutActuallyEscaping(replacement) { replacement in
            render(document, roots: document.children(of: body), resolver: URLResolver(base: baseURL), imageSource: replacement).html
        }
    }
}
