import Foundation

/// The export formats `satchel import` reads.
public enum ImportFormat: String, Sendable, CaseIterable, Equatable {
    /// Pocket's CSV export: `title,url,time_added,tags,status`.
    case pocketCSV = "pocket-csv"
    /// Instapaper's CSV export: `URL,Title,Selection,Folder,Timestamp`.
    case instapaperCSV = "instapaper-csv"
    /// Netscape bookmark HTML (Firefox, Chrome, Safari) and Pocket's older HTML export.
    case bookmarksHTML = "bookmarks-html"
    /// One address per line.
    case urlList = "urls"
    /// Satchel's own JSON export (`satchel export --format json`).
    case satchelJSON = "satchel-json"
    /// wallabag v2's JSON export: an array of entries, with their readable copies and annotations.
    case wallabagJSON = "wallabag-json"
    /// Omnivore's export: a ZIP of metadata JSON files, readable copies and highlights.
    case omnivoreZIP = "omnivore"
    /// Satchel's JSON export with its files (`satchel export --format json --with-files`): a ZIP of
    /// `satchel.json` and `files/sha256-<hex>`.
    case satchelZIP = "satchel-zip"

    /// Whether files of this format are ZIP archives.
    public var isArchive: Bool { self == .omnivoreZIP || self == .satchelZIP }

    /// The format the file's first bytes show.
    public static func detect(_ text: Substring) -> ImportFormat {
        let head = text.prefix(4096).lowercased()
        // Satchel's own export is an object; wallabag's is an array of entries.
        let first = head.drop(while: { $0.isWhitespace }).first
        if first == "{" { return .satchelJSON }
        if first == "[" { return .wallabagJSON }
        let firstLine = head.prefix { $0 != "\n" && $0 != "\r" }.trimmingCharacters(in: .whitespaces)
        if head.contains("<!doctype netscape-bookmark-file") || head.contains("<dl") || head.contains("<html")
            || head.contains("<a href") {
            return .bookmarksHTML
        }
        let columns = firstLine.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
        if columns.starts(with: ["url", "title", "selection", "folder"]) { return .instapaperCSV }
        if Set(columns).isSuperset(of: ["title", "url", "time_added"]) { return .pocketCSV }
        return .urlList
    }
}
