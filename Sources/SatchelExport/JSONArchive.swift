import Foundation
import SatchelArchive
import SatchelShared

/// The JSON export with its files: a ZIP holding `satchel.json` (``ArticleExport/json(_:exportedAt:)``) and,
/// for every attachment the articles reference, `files/sha256-<hex>` with its bytes, streamed from disk.
/// `satchel import` restores it, files included.
///
///     let written = try await JSONArchive.write(articles, exportedAt: Date(), to: "list.zip") { try? await store.file($0) }
public enum JSONArchive {
    /// What went into the archive.
    public struct Summary: Sendable, Equatable {
        /// Files written.
        public var files: Int
        /// Their bytes.
        public var bytes: Int64
        /// Attachments whose file this machine could not provide (they are listed in the JSON, not in the
        /// archive; an import queues their articles for capture).
        public var missing: [Attachment]
    }

    /// Writes the archive of `articles` to `path`, asking `file` for the path of each attachment's file
    /// (each digest once); nil leaves that file out. The archive appears at `path` only when complete.
    public static func write(
        _ articles: [SavedArticle], highlights: [Highlight] = [], exportedAt: Date, to path: String,
        file: (Attachment) async -> String?
    ) async throws -> Summary {
        let zip = try ZipWriter(path: path, modified: exportedAt)
        try zip.add(
            ExportFile.archiveJSONName,
            bytes: Array(try ArticleExport.json(articles, highlights: highlights, exportedAt: exportedAt)))
        var summary = Summary(files: 0, bytes: 0, missing: [])
        var seen = Set<BlobDigest>()
        for attachment in articles.flatMap(\.attachments) where seen.insert(attachment.digest).inserted {
            guard let source = await file(attachment) else {
                summary.missing.append(attachment)
                continue
            }
            // Images and PDFs are compressed already; the readable copies (JSON) deflate well.
            let compress = !(attachment.mediaType.hasPrefix("image/") || attachment.mediaType == "application/pdf")
            try zip.addFile(ExportFile.archiveEntryName(for: attachment.digest), path: source, compressed: compress)
            summary.files += 1
            summary.bytes += attachment.size
        }
        try zip.finish()
        return summary
    }
}
