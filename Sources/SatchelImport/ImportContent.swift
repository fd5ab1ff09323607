import Foundation
import SatchelArchive
import SatchelShared

/// The readable copy an export file holds for an article (wallabag and Omnivore keep one): it becomes
/// the article's capture instead of fetching the page again.
public enum ImportContent: Sendable, Equatable {
    /// The HTML itself (from a JSON export).
    case html(String)
    /// An entry of the export's archive, read when the article is written (not held for the whole file).
    case archived(entry: String)
}

/// Reads the content of items from their export file: archive entries are read one at a time.
/// Not thread-safe: one reader is used by one task at a time.
public final class ImportContentReader {
    private let archivePath: String?
    private var archive: ZipReader?

    /// A reader for the items of `document`.
    public init(_ document: ImportDocument) {
        archivePath = document.archivePath
    }

    /// The HTML of `content`; nil when it is empty or cannot be read (the page is then fetched instead).
    public func html(_ content: ImportContent) -> String? {
        let html: String?
        switch content {
        case .html(let text):
            html = text
        case .archived(let entry):
            if archive == nil, let archivePath { archive = try? ZipReader(path: archivePath) }
            html = archive.flatMap { reader in
                reader.entry(named: entry).flatMap { try? reader.data(of: $0) }.map { String(decoding: $0, as: UTF8.self) }
            }
        }
        guard let html, !html.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return html
    }

    /// Copies the export archive's file of `digest` (`files/sha256-<hex>`) to `path`, streamed a chunk at a
    /// time within the archive's limits; nil when done, else why not (no such file, a damaged entry, a
    /// failed write). The bytes are not checked against the digest here: the file cache does that.
    public func copyFile(_ digest: BlobDigest, to path: String) -> String? {
        if archive == nil, let archivePath { archive = try? ZipReader(path: archivePath) }
        guard let archive else { return "the archive cannot be opened again" }
        guard let entry = archive.entry(named: ExportFile.archiveEntryName(for: digest)) else { return "it is not in the archive" }
        guard let output = fopen(path, "wb") else { return "it cannot be written to \(path)" }
        var failed = false
        do {
            try archive.read(entry) { chunk in
                if fwrite(chunk.baseAddress, 1, chunk.count, output) != chunk.count { failed = true }
            }
        } catch {
            fclose(output)
            return "\(error)"
        }
        if fclose(output) != 0 || failed { return "it cannot be written to \(path) (is the disk full?)" }
        return nil
    }
}
