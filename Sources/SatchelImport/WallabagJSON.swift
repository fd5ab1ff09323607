import Foundation
import SatchelShared

/// wallabag v2's JSON export: an array of entries with `url`, `title`, `content` (the readable HTML
/// wallabag kept), `is_archived`, `is_starred`, `tags`, `created_at` and `annotations` (a quote and a
/// note each). The content becomes the article's readable copy without fetching the page again; the
/// annotations become its note.
enum WallabagJSON {
    /// The entries of `data`, or a clear error when it is not a wallabag export.
    static func read(_ data: Data) throws(ImportError) -> ([ImportItem], [RefusedEntry]) {
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: data)
        } catch {
            throw .malformed("it is not valid JSON (\(error))")
        }
        guard case .array(let entries) = parsed else { throw .malformed("a wallabag export is a JSON array of entries") }
        var items: [ImportItem] = []
        var refused: [RefusedEntry] = []
        for (number, entry) in entries.enumerated() {
            guard case .object(let fields) = entry else {
                refused.append(RefusedEntry(place: "entry \(number + 1)", url: "", reason: "not an entry"))
                continue
            }
            let url = ForeignJSON.text(fields["url"]) ?? ForeignJSON.text(fields["given_url"]) ?? ""
            if let reason = ImportReader.problem(withAddress: url) {
                refused.append(RefusedEntry(place: "entry \(number + 1)", url: String(url.prefix(200)), reason: reason))
                continue
            }
            let content = ForeignJSON.text(fields["content"]).flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            let isPage = (ForeignJSON.text(fields["mimetype"]) ?? "text/html").lowercased().hasPrefix("text/html")
            items.append(ImportItem(
                url: url, title: ForeignJSON.text(fields["title"])?.nonEmpty,
                savedAt: ForeignJSON.date(fields["created_at"]), tags: ForeignJSON.labels(fields["tags"]),
                archived: ForeignJSON.flag(fields["is_archived"]), favorite: ForeignJSON.flag(fields["is_starred"]),
                note: annotations(fields["annotations"]), content: isPage ? content.map(ImportContent.html) : nil))
        }
        return (items, refused)
    }

    /// Each annotation as its quote in a `>` line, then its note.
    static func annotations(_ value: JSONValue?) -> String {
        guard case .array(let list)? = value else { return "" }
        return list.compactMap { annotation -> String? in
            guard case .object(let fields) = annotation else { return nil }
            let quote = (ForeignJSON.text(fields["quote"]) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let note = (ForeignJSON.text(fields["text"]) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let parts = [quote.isEmpty ? nil : "> " + quote.replacingOccurrences(of: "\n", with: "\n> "), note.nonEmpty].compactMap { $0 }
            return parts.isEmpty ? nil : parts.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
