import Foundation

/// Pocket's and Instapaper's CSV exports, read by their header's column names (any order, extra columns
/// ignored).
enum CSVFormats {
    /// Pocket: `title,url,time_added,tags,status`; tags separated by `|`; status `unread` or `archive`
    /// (anything else counts as unread); `time_added` in Unix seconds.
    static func pocket(_ rows: [[String]]) throws(ImportError) -> ([ImportItem], [RefusedEntry]) {
        try read(rows, required: ["url"]) { cell in
            ImportItem(
                url: cell("url"), title: cell("title").nonEmpty, savedAt: unixDate(cell("time_added")),
                tags: cell("tags").split(separator: "|").map(String.init), archived: cell("status").lowercased() == "archive")
        }
    }

    /// Instapaper: `URL,Title,Selection,Folder,Timestamp`; folder `Unread`, `Archive`, `Starred` or a
    /// folder of the reader's (kept as a label); the selection becomes the note.
    static func instapaper(_ rows: [[String]]) throws(ImportError) -> ([ImportItem], [RefusedEntry]) {
        try read(rows, required: ["url"]) { cell in
            let folder = cell("folder")
            let special = ["unread", "archive", "starred"].contains(folder.lowercased())
            return ImportItem(
                url: cell("url"), title: cell("title").nonEmpty, savedAt: unixDate(cell("timestamp")),
                tags: special || folder.isEmpty ? [] : [folder], archived: folder.lowercased() == "archive",
                favorite: folder.lowercased() == "starred", note: cell("selection"))
        }
    }

    private static func read(
        _ rows: [[String]], required: [String], _ item: ((String) -> String) -> ImportItem
    ) throws(ImportError) -> ([ImportItem], [RefusedEntry]) {
        guard let header = rows.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else { return ([], []) }
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else { throw .missingColumns(missing) }
        let columns = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [ImportItem] = []
        var refused: [RefusedEntry] = []
        for (number, row) in rows.dropFirst().enumerated() {
            let found = item { name in columns[name].flatMap { $0 < row.count ? row[$0] : nil }?.trimmingCharacters(in: .whitespaces) ?? "" }
            if let reason = ImportReader.problem(withAddress: found.url) {
                refused.append(RefusedEntry(place: "row \(number + 2)", url: String(found.url.prefix(200)), reason: reason))
            } else {
                items.append(found)
            }
        }
        return (items, refused)
    }

    /// Unix seconds (`1700000000`), or nil for anything else (empty, negative, past year 9999, not a number).
    static func unixDate(_ text: String) -> Date? {
        guard let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds.isFinite,
              seconds > 0, seconds < 253_402_300_800
        else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }
}

extension String {
    /// nil when empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}
