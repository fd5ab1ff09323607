import Foundation
import SatchelShared

/// Reads an export file into the articles it lists: checks its size and encoding, finds its format (or
/// takes the one given) and parses it. Nothing here touches the reading list; the caller imports the items.
public enum ImportReader {
    /// Largest file read (a Pocket export of 100,000 links is about 15 MB).
    public static let maximumBytes = 256 << 20

    /// The file's articles. Throws ``ImportError`` when the file cannot be read at all.
    public static func read(_ data: Data, format given: ImportFormat? = nil) throws(ImportError) -> ImportDocument {
        guard data.count <= maximumBytes else { throw .tooLarge(limit: maximumBytes) }
        guard var text = String(validating: data, as: UTF8.self) else { throw .notUTF8 }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let format = given ?? ImportFormat.detect(Substring(text))
        let (items, refused): ([ImportItem], [RefusedEntry])
        switch format {
        case .pocketCSV: (items, refused) = try CSVFormats.pocket(try CSVReader.rows(text))
        case .instapaperCSV: (items, refused) = try CSVFormats.instapaper(try CSVReader.rows(text))
        case .bookmarksHTML: (items, refused) = BookmarksHTML.read(text)
        case .urlList: (items, refused) = urlList(text)
        case .satchelJSON: (items, refused) = try satchelJSON(data)
        }
        return ImportDocument(format: format, items: items, refused: refused)
    }

    /// Why `url` cannot be saved as an article, or nil: only absolute http and https addresses of at most
    /// 2,048 characters are (`javascript:`, `data:`, `file:` and relative addresses are refused).
    public static func problem(withAddress url: String) -> String? {
        if url.isEmpty { return "no address" }
        guard url.utf8.count <= 2048 else { return "an address longer than 2,048 characters" }
        let scheme = url.prefix { $0 != ":" }.lowercased()
        guard scheme.count < url.count else { return "not an absolute address" }
        guard scheme == "http" || scheme == "https" else { return "not a web address (\(scheme.prefix(20)):)" }
        guard let parsed = URL(string: url), let host = parsed.host, !host.isEmpty else { return "not a valid address" }
        guard !url.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            return "control characters in the address"
        }
        return nil
    }

    /// A Satchel export: each article whole.
    private static func satchelJSON(_ data: Data) throws(ImportError) -> ([ImportItem], [RefusedEntry]) {
        let file: ExportFile
        do {
            file = try SatchelJSON.decoder().decode(ExportFile.self, from: data)
        } catch {
            throw .malformed("it is not a Satchel export (\(String(describing: error).prefix(200)))")
        }
        guard file.version <= ExportFile.currentVersion else {
            throw .malformed("it was written by a newer Satchel (format \(file.version))")
        }
        var items: [ImportItem] = []
        var refused: [RefusedEntry] = []
        for (number, article) in file.articles.enumerated() where !article.deleted {
            if let reason = problem(withAddress: article.url) {
                refused.append(RefusedEntry(place: "article \(number + 1)", url: String(article.url.prefix(200)), reason: reason))
                continue
            }
            items.append(ImportItem(
                url: article.url, title: article.title, savedAt: article.savedAt, tags: article.tags,
                archived: article.archived, favorite: article.favorite, note: article.note, record: article))
        }
        return (items, refused)
    }

    /// One address per line; blank lines and lines starting with `#` are skipped.
    private static func urlList(_ text: String) -> ([ImportItem], [RefusedEntry]) {
        var items: [ImportItem] = []
        var refused: [RefusedEntry] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let url = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !url.isEmpty, !url.hasPrefix("#") else { continue }
            if let reason = problem(withAddress: url) {
                refused.append(RefusedEntry(place: "line \(number + 1)", url: String(url.prefix(200)), reason: reason))
            } else {
                items.append(ImportItem(url: url))
            }
        }
        return (items, refused)
    }
}
