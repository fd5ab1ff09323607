import Foundation
import SatchelArchive

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
}
