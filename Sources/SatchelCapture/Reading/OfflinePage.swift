/// A complete HTML page for reading a saved article offline, around its sanitized body.
public enum OfflinePage {
    /// A complete, minimal HTML5 reading page: a header (title, byline, site, source link) over `bodyHTML`.
    ///
    /// Every value but `bodyHTML` is HTML-escaped; `lang` and `dir` are left out unless well formed, and
    /// the source is a link only when it is `http(s)`. `bodyHTML` is written as it is, so it must be sanitizer output (``HTMLSanitizer/sanitize(_:baseURL:)``
    /// or ``HTMLSanitizer/rewritingImageSources(html:baseURL:_:)``). The policy lets the page load
    /// images (local files, web, `data:`) and its own inline style, nothing else: no script, no frame.
    public static func standaloneDocument(
        title: String, byline: String?, siteName: String?, sourceURL: String, bodyHTML: String, lang: String?, dir: String?
    ) -> String {
        var page = ByteWriter()
        page.write("<!DOCTYPE html>\n<html")
        if let lang = lang.flatMap(validLanguage) { page.write(" lang=\"\(lang)\"") }
        if let dir = dir?.lowercased(), ["ltr", "rtl", "auto"].contains(dir) { page.write(" dir=\"\(dir)\"") }
        page.write(">\n<head>\n<meta charset=\"utf-8\">\n")
        page.write("<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">\n")
        page.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        page.write("<meta name=\"referrer\" content=\"no-referrer\">\n<title>")
        page.writeEscaped(title, attribute: true)
        page.write("</title>\n<style>\n\(stylesheet)</style>\n</head>\n<body>\n<article>\n<header>\n<h1>")
        page.writeEscaped(title, attribute: true)
        page.write("</h1>\n")
        let credits = [byline, siteName].compactMap { $0 }.filter { !$0.isEmpty }
        if !credits.isEmpty {
            page.write("<p class=\"byline\">")
            page.writeEscaped(credits.joined(separator: " · "), attribute: true)
            page.write("</p>\n")
        }
        if !sourceURL.isEmpty {
            page.write("<p class=\"source\">")
            if isWebURL(sourceURL) {
                page.write("<a href=\"")
                page.writeEscaped(sourceURL, attribute: true)
                page.write("\" rel=\"noopener noreferrer nofollow\">")
                page.writeEscaped(sourceURL, attribute: true)
                page.write("</a>")
            } else {
                page.writeEscaped(sourceURL, attribute: true)
            }
            page.write("</p>\n")
        }
        page.write("</header>\n")
        page.write(bodyHTML)
        page.write("\n</article>\n</body>\n</html>\n")
        return page.string
    }

    /// Images from local files, the web and `data:`; the inline stylesheet; nothing else.
    static let contentSecurityPolicy = "default-src 'none'; img-src file: https: http: data:; style-src 'unsafe-inline'"

    private static let stylesheet = """
        :root { color-scheme: light dark; }
        body { max-width: 38em; margin: 0 auto; padding: 2em 1.25em 4em; font: 1.15rem/1.6 Charter, Georgia, "Iowan Old Style", "Times New Roman", serif; color: #222; background: #fdfcf9; }
        header { margin-bottom: 2em; padding-bottom: 1em; border-bottom: 1px solid #ddd; }
        h1 { font-size: 1.9em; line-height: 1.2; margin: 0 0 .4em; }
        .byline, .source { font: .9rem/1.4 system-ui, sans-serif; color: #666; margin: .2em 0; overflow-wrap: anywhere; }
        a { color: #1a5fb4; }
        img { max-width: 100%; height: auto; }
        figure { margin: 1.5em 0; }
        figcaption { font-size: .85em; color: #666; }
        pre { overflow-x: auto; padding: .8em; background: rgba(127, 127, 127, .1); font-size: .85em; line-height: 1.4; }
        code, kbd, samp, pre { font-family: ui-monospace, Menlo, Consolas, monospace; }
        blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid #ccc; color: #555; }
        table { border-collapse: collapse; }
        td, th { border: 1px solid #ccc; padding: .3em .6em; }
        @media (prefers-color-scheme: dark) {
          body { color: #ddd; background: #1c1c1c; }
          a { color: #8ab4f8; }
          blockquote, .byline, .source, figcaption { color: #aaa; }
        }

        """

    /// A language tag made only of letters, digits and hyphens (`en`, `pt-BR`), else nil.
    private static func validLanguage(_ tag: String) -> String? {
        guard !tag.isEmpty, tag.utf8.count < 36,
              tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
        return tag
    }

    private static func isWebURL(_ url: String) -> Bool {
        let lowered = url.prefix(8).lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }
}
