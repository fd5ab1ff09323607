import Foundation
import SatchelArchive
import SatchelShared

/// Reads an export file into the articles it lists: checks its size and encoding, finds its format (or
/// takes the one given) and parses it. Nothing here touches the reading list; the caller imports the items.
public enum ImportReader {
    /// Largest file read (a Pocket export of 100,000 links is about 15 MB).
    public static let maximumBytes = 256 << 20

    /// Largest archive read (an Omnivore export with every readable copy); its entries are bounded by
    /// ``ArchiveLimits`` as they are read.
    public static let maximumArchiveBytes: Int64 = 4 << 30

    /// The articles of the file at `path`: a ZIP archive (Satchel's with its files, found by its
    /// `satchel.json`; Omnivore's) or a text file (every other format).
    /// The size is checked before anything is read. Throws ``ImportError``; a file that cannot be opened
    /// throws the system's error.
    public static func read(path: String, format given: ImportFormat? = nil) throws -> ImportDocument {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let head = try handle.read(upToCount: 4) ?? Data()
        try handle.close()
        let isZIP = head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06])
        if let given, given.isArchive != isZIP { throw ImportError.wrongFormat(expected: given) }
        guard isZIP else {
            guard size <= Int64(maximumBytes) else { throw ImportError.tooLarge(limit: maximumBytes) }
            return try read(try Data(contentsOf: URL(fileURLWithPath: path)), format: given)
        }
        guard size <= maximumArchiveBytes else { throw ImportError.tooLarge(limit: Int(maximumArchiveBytes)) }
        let archive: ZipReader
        do {
            archive = try ZipReader(path: path)
        } catch {
            throw ImportError.archive(error)
        }
        let format: ImportFormat
        if let given {
            format = given
        } else if archive.entry(named: ExportFile.archiveJSONName) != nil {
            format = .satchelZIP
        } else if OmnivoreExport.matches(archive) {
            format = .omnivoreZIP
        } else {
            throw ImportError.malformed(
                "it is a ZIP archive, but neither a Satchel export (no \(ExportFile.archiveJSONName)) nor an Omnivore export "
                    + "(no metadata_*.json in it)")
        }
        if format == .satchelZIP {
            guard let entry = archive.entry(named: ExportFile.archiveJSONName) else {
                throw ImportError.malformed("the archive holds no \(ExportFile.archiveJSONName): it is not a Satchel export")
            }
            let json: [UInt8]
            do {
                json = try archive.data(of: entry)
            } catch {
                throw ImportError.archive(error)
            }
            let (items, refused) = try satchelJSON(Data(json), withFiles: true)
            return ImportDocument(format: .satchelZIP, items: items, refused: refused, archivePath: path)
        }
        let (items, refused) = try OmnivoreExport.read(archive)
        return ImportDocument(format: .omnivoreZIP, items: items, refused: refused, archivePath: path)
    }

    /// The articles of a text export file. Throws ``ImportError`` when the file cannot be read at all.
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
        case .wallabagJSON: (items, refused) = try WallabagJSON.read(data)
        case .omnivoreZIP, .satchelZIP: throw .wrongFormat(expected: format)
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

    /// Whether `url` names a file saved from disk (`urn:sha256:<hex>`, the content address `satchel save
    /// --file` gives), which only an export with its files can bring back.
    public static func isFileAddress(_ url: String) -> Bool {
        url.hasPrefix("urn:") && BlobDigest(String(url.dropFirst(4))) != nil
    }

    /// A Satchel export: each article whole; `withFiles` (its ZIP) also takes the articles of files saved
    /// from disk, whose address is their file's digest.
    private static func satchelJSON(_ data: Data, withFiles: Bool = false) throws(ImportError) -> ([ImportItem], [RefusedEntry]) {
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
        let highlights = Dictionary(grouping: (file.highlights ?? []).filter { !$0.deleted }, by: \.articleId)
        for (number, article) in file.articles.enumerated() where !article.deleted {
            let savedFile = withFiles && isFileAddress(article.url)
                && article.attachments.contains { "urn:" + $0.digest.text == article.url }
            if !savedFile, let reason = problem(withAddress: article.url) {
                refused.append(RefusedEntry(place: "article \(number + 1)", url: String(article.url.prefix(200)), reason: reason))
                continue
            }
            var item = ImportItem(
                url: article.url, title: article.title, savedAt: article.savedAt, tags: article.tags,
                archived: article.archived, favorite: article.favorite, note: article.note, record: article)
            item.highlights = highlights[article.id] ?? []
            items.append(item)
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
