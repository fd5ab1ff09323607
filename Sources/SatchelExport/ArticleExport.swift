import Foundation
import SatchelShared

/// Writes saved articles in the export formats. Everything a stranger wrote (titles, labels, notes) is
/// escaped for the format it lands in: HTML in bookmarks, quotes in CSV, and a CSV cell that a spreadsheet
/// would run as a formula (`=`, `+`, `-`, `@` first) is written with a leading `'`.
public enum ArticleExport {
    /// The JSON export (pretty, sorted keys, ISO 8601 dates), with the articles' highlights.
    public static func json(_ articles: [SavedArticle], highlights: [Highlight] = [], exportedAt: Date) throws -> Data {
        let encoder = SatchelJSON.encoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(ExportFile(articles: articles, highlights: highlights, exportedAt: exportedAt))
    }

    /// Pocket's CSV: `title,url,time_added,tags,status`, labels joined with `|`.
    public static func pocketCSV(_ articles: [SavedArticle]) -> String {
        var lines = ["title,url,time_added,tags,status"]
        for article in articles {
            lines.append([
                csvCell(article.title), csvCell(article.url), String(Int(article.savedAt.timeIntervalSince1970)),
                csvCell(article.tags.joined(separator: "|")), article.archived ? "archive" : "unread",
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Netscape bookmark HTML.
    public static func netscape(_ articles: [SavedArticle]) -> String {
        var html = """
            <!DOCTYPE NETSCAPE-Bookmark-file-1>
            <META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
            <TITLE>Bookmarks</TITLE>
            <H1>Satchel reading list</H1>
            <DL><p>

            """
        for article in articles {
            var attributes = "HREF=\"\(escapeHTML(article.url))\" ADD_DATE=\"\(Int(article.savedAt.timeIntervalSince1970))\""
            if !article.tags.isEmpty { attributes += " TAGS=\"\(escapeHTML(article.tags.joined(separator: ",")))\"" }
            html += "    <DT><A \(attributes)>\(escapeHTML(article.title))</A>\n"
            if !article.note.isEmpty { html += "    <DD>\(escapeHTML(article.note))\n" }
        }
        return html + "</DL><p>\n"
    }

    /// One article as Markdown: its fields as YAML front matter, then its excerpt and note; and a file name
    /// (`2026-03-14-the-title.md`) unique by its id's last digits.
    public static func markdown(_ article: SavedArticle, highlights: [Highlight] = []) -> (fileName: String, text: String) {
        let day = SatchelJSON.string(from: article.savedAt).prefix(10)
        var lines = ["---"]
        lines.append("title: \(yamlString(article.title))")
        lines.append("url: \(yamlString(article.url))")
        if !article.finalUrl.isEmpty && article.finalUrl != article.url { lines.append("final_url: \(yamlString(article.finalUrl))") }
        if !article.siteName.isEmpty { lines.append("site: \(yamlString(article.siteName))") }
        if !article.byline.isEmpty { lines.append("byline: \(yamlString(article.byline))") }
        lines.append("saved: \(SatchelJSON.string(from: article.savedAt))")
        lines.append("tags: [\(article.tags.map(yamlString).joined(separator: ", "))]")
        lines.append("archived: \(article.archived)")
        lines.append("favorite: \(article.favorite)")
        lines.append("progress: \(article.readingProgress)")
        lines.append("---")
        lines.append("")
        lines.append("# \(article.title.replacingOccurrences(of: "\n", with: " "))")
        lines.append("")
        lines.append("<\(article.url)>")
        if !article.excerpt.isEmpty { lines += ["", "> " + article.excerpt.replacingOccurrences(of: "\n", with: "\n> ")] }
        if !article.note.isEmpty { lines += ["", "## Note", "", article.note] }
        let own = highlights.filter { $0.articleId == article.id && !$0.deleted }
        if !own.isEmpty {
            lines += ["", "## Highlights"]
            for highlight in own {
                let quote = highlight.exact.split(whereSeparator: \.isNewline).joined(separator: " ")
                lines += ["", "> " + quote, "", "[Source](<\(textFragmentLink(article.url, quote: quote))>) · \(highlight.color)"]
                if !highlight.note.isEmpty { lines += ["", highlight.note] }
            }
        }
        let id = article.id.uuidString.lowercased().suffix(8)
        return ("\(day)-\(slug(article.title))-\(id).md", lines.joined(separator: "\n") + "\n")
    }

    /// The article's address with a text fragment (`#:~:text=`) that browsers scroll to and mark: the
    /// quote's first and last words when it is long, percent-encoded.
    static func textFragmentLink(_ url: String, quote: String) -> String {
        let words = quote.split(separator: " ")
        let fragment = words.count > 8
            ? encodeFragment(words.prefix(4).joined(separator: " ")) + "," + encodeFragment(words.suffix(4).joined(separator: " "))
            : encodeFragment(quote)
        let base = url.split(separator: "#", maxSplits: 1).first.map(String.init) ?? url
        return base + "#:~:text=" + fragment
    }

    private static func encodeFragment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "._~!$'()*+;=:@/?")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A CSV cell: quoted when it holds a comma, quote or line break; a formula's first character disarmed.
    static func csvCell(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func escapeHTML(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// A YAML double-quoted string.
    static func yamlString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += String(format: "\\x%02X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Lower-case ASCII letters and digits joined by `-`, at most 60 characters; `article` when none.
    static func slug(_ title: String) -> String {
        let words = title.lowercased().unicodeScalars.split { !($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
        let slug = String(words.map { String(String.UnicodeScalarView($0)) }.joined(separator: "-").prefix(60))
        return slug.isEmpty ? "article" : slug
    }
}
