import Foundation
import SatchelCapture
import SatchelShared

/// The XHTML content documents of a book: one chapter per article (a header with its title, byline, site,
/// source link and saved date; the captured text or a line saying there is none; the reader's note; the
/// reader's highlights with their notes), and the cover page. Every value a stranger or the reader wrote is escaped.
enum EPUBChapterDocument {
    /// The start of an XHTML document, through `<head>`.
    static func head(title: String, language: String, stylesheet: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="\(language)" xml:lang="\(language)">
        <head>
        <title>\(XMLText.escaped(title))</title>
        <link rel="stylesheet" type="text/css" href="\(stylesheet)"/>
        </head>

        """
    }

    /// The title a chapter shows: the article's, else its address, else `Untitled`.
    static func title(of article: SavedArticle) -> String {
        for candidate in [article.title, article.url] {
            let plain = XMLText.plain(candidate).trimmingCharacters(in: .whitespacesAndNewlines)
            if !plain.isEmpty { return plain }
        }
        return "Untitled"
    }

    /// A chapter: `body` is the captured text as XHTML (``XHTMLFragment``), nil when there is none.
    static func chapter(
        _ article: SavedArticle, copy: EPUBReadableCopy?, body: String?, highlights: [Highlight] = [], language: String
    ) -> String {
        let title = title(of: article)
        var page = head(title: title, language: language, stylesheet: "../style.css")
        page += "<body>\n<article epub:type=\"chapter\">\n<header>\n<h1 dir=\"auto\">\(XMLText.escaped(title))</h1>\n"
        let byline = [copy?.byline, article.byline].compactMap { $0 }.first { !$0.isEmpty }
        let site = [article.siteName, copy?.siteName].compactMap { $0 }.first { !$0.isEmpty }
        let credits = [byline.map { "By " + $0 }, site].compactMap { $0 }
        if !credits.isEmpty { page += "<p class=\"byline\" dir=\"auto\">\(XMLText.escaped(credits.joined(separator: " · ")))</p>\n" }
        page += "<p class=\"source\">" + link(article.url) + "</p>\n"
        page += "<p class=\"saved\">Saved \(SatchelJSON.string(from: article.savedAt).prefix(10))</p>\n</header>\n"
        if let body {
            var attributes = ""
            if let lang = copy?.lang, XHTMLFragment.isLanguageTag(lang) { attributes += " lang=\"\(lang)\" xml:lang=\"\(lang)\"" }
            if let dir = copy?.dir?.lowercased(), ["ltr", "rtl", "auto"].contains(dir) { attributes += " dir=\"\(dir)\"" }
            page += "<div class=\"content\"\(attributes)>\n\(body)\n</div>\n"
        } else {
            page += "<p class=\"missing\">Satchel has no readable copy of this article; it is at the address above.</p>\n"
        }
        if !XMLText.plain(article.note).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            page += "<section class=\"note\">\n<h2>Note</h2>\n" + paragraphs(article.note) + "</section>\n"
        }
        page += highlightsSection(highlights)
        return page + "</article>\n</body>\n</html>\n"
    }

    /// The reader's highlights, in the order they were made: each quote, in its color, with its note;
    /// empty when there are none.
    static func highlightsSection(_ highlights: [Highlight]) -> String {
        let quoted = highlights.filter { !XMLText.plain($0.exact).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        guard !quoted.isEmpty else { return "" }
        var html = "<section class=\"highlights\">\n<h2>Highlights</h2>\n"
        for highlight in quoted.sorted(by: { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) }) {
            let color = HighlightColor(rawValue: highlight.color) ?? .yellow
            html += "<blockquote class=\"highlight \(color.rawValue)\">\n" + paragraphs(highlight.exact) + "</blockquote>\n"
            if !XMLText.plain(highlight.note).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                html += "<div class=\"highlight-note\">\n" + paragraphs(highlight.note) + "</div>\n"
            }
        }
        return html + "</section>\n"
    }

    /// The cover page: the cover image, and the title as text for readers that show no image.
    static func cover(title: String, count: Int, language: String) -> String {
        var page = head(title: title, language: language, stylesheet: "style.css")
        page += "<body>\n<section epub:type=\"cover\" class=\"cover\">\n"
        page += "<img src=\"cover.svg\" alt=\"\(XMLText.escaped(title)), \(count) article\(count == 1 ? "" : "s")\"/>\n"
        return page + "</section>\n</body>\n</html>\n"
    }

    /// The address as a link when it is a web address, as text otherwise.
    private static func link(_ url: String) -> String {
        guard let uri = LinkAddress.uri(url) else { return XMLText.escaped(url) }
        return "<a href=\"\(XMLText.escaped(uri))\">\(XMLText.escaped(url))</a>"
    }

    /// Text as paragraphs (blank lines apart), line breaks kept.
    private static func paragraphs(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var html = ""
        for paragraph in normalized.components(separatedBy: "\n\n") {
            let lines = paragraph.split(separator: "\n").map { XMLText.escaped(String($0)) }
            guard lines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { continue }
            html += "<p dir=\"auto\">" + lines.joined(separator: "<br/>") + "</p>\n"
        }
        return html
    }

    /// The book's stylesheet.
    static let stylesheet = """
        body { margin: 0 5%; line-height: 1.5; }
        h1 { font-size: 1.6em; line-height: 1.25; margin: 0 0 0.4em; }
        header { margin-bottom: 1.5em; padding-bottom: 0.8em; border-bottom: 1px solid #999; }
        .byline, .source, .saved { font-size: 0.85em; margin: 0.2em 0; color: #555; }
        .source a { word-wrap: break-word; }
        img { max-width: 100%; height: auto; }
        figure { margin: 1.2em 0; }
        figcaption { font-size: 0.85em; color: #555; }
        pre { white-space: pre-wrap; font-size: 0.85em; }
        blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid #ccc; }
        .note { margin-top: 2em; padding-top: 0.8em; border-top: 1px solid #999; }
        .missing { font-style: italic; }
        .highlights { margin-top: 2em; padding-top: 0.8em; border-top: 1px solid #999; }
        .highlight { border-left-width: 6px; }
        .highlight.yellow { border-left-color: #e6c200; }
        .highlight.green { border-left-color: #3a9d3a; }
        .highlight.blue { border-left-color: #3a6fd8; }
        .highlight.pink { border-left-color: #d83a8c; }
        .highlight.purple { border-left-color: #8a3ad8; }
        .highlight-note { margin: -0.6em 0 1em 1.4em; font-size: 0.9em; color: #333; }
        .cover { text-align: center; margin: 0; padding: 0; }
        .cover img { max-height: 100%; }

        """
}
