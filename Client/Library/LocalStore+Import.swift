import Foundation
import SatchelFetch
import SatchelImport
import SatchelShared
import SatchelSync

/// What an import did (or, in a dry run, would do).
public struct ImportSummary: Sendable, Equatable {
    /// New articles.
    public var added = 0
    /// Entries whose page was already on the list (or earlier in the same file), with nothing new.
    public var alreadyThere = 0
    /// Entries whose page was already on the list, given labels it lacked.
    public var merged = 0
    /// Entries that are not articles, with the reason.
    public var refused: [RefusedEntry] = []
    /// New articles waiting for capture.
    public var queuedForCapture = 0
    /// Files copied from the archive (Satchel's ZIP export) into this machine's file cache, each once.
    public var filesRestored = 0
    /// Files of the archive that were refused (missing, or not matching their digest), with their article;
    /// the article was imported without them and waits for capture.
    public var filesRefused: [RefusedEntry] = []
    /// Highlights added (from a Satchel export), each once.
    public var highlights = 0
}

extension LocalStore {
    /// Imports the articles of an export file: each page not on the list yet is added (saved time, labels,
    /// archived, starred and note kept; pending capture unless `capture` is false), one already there
    /// gets the labels it lacked. A readable copy the file holds (wallabag, Omnivore) is kept for the capture
    /// queue, which uses it instead of fetching the page. Pages are matched by normalized address, so importing the same file again
    /// adds nothing, and an import cut short finishes when run again. Written 500 at a time, each batch in
    /// one transaction; `dryRun` counts without writing.
    public func importArticles(
        _ document: ImportDocument, dryRun: Bool = false, capture: Bool = true,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> ImportSummary {
        var summary = ImportSummary(refused: document.refused)
        var known: [String: SavedArticle] = [:]
        for article in try articles().map(\.value) where !article.deleted {
            for address in [article.url, article.finalUrl] where !address.isEmpty {
                if let key = Self.importKey(address), known[key] == nil { known[key] = article }
            }
        }
        var highlightKeys = Set(try highlights().map { Self.highlightKey($0.articleId, $0.exact, $0.start) })
        var batch: [RecordEdit] = []
        var provided: [(id: UUID, html: String)] = []
        let contentReader = ImportContentReader(document)
        func flush() throws {
            if !dryRun {
                let pages = provided
                try writeMany(batch) { tables in
                    for page in pages { try tables.captureQueue.provide(page.html, for: page.id) }
                }
            }
            batch.removeAll(keepingCapacity: true)
            provided.removeAll(keepingCapacity: true)
        }
        let now = environment.now()
        for (position, item) in document.items.enumerated() {
            guard let key = Self.importKey(item.url) else {
                summary.refused.append(RefusedEntry(place: "entry \(position + 1)", url: item.url, reason: "not a valid address"))
                continue
            }
            let tags = Self.normalized(item.tags.map(Self.plainText))
            // An export's highlights go to the article they mark, new or already on the list, once.
            func addHighlights(to articleId: UUID) {
                for highlight in item.highlights {
                    let exact = String(Self.plainText(highlight.exact).prefix(10_000))
                    guard !exact.isEmpty, highlightKeys.insert(Self.highlightKey(articleId, exact, highlight.start)).inserted else { continue }
                    summary.highlights += 1
                    batch.append(RecordEdit(entity: .highlight, id: UUID.timeOrdered(), op: .create) { fields in
                        Self.restore(highlight, exact: exact, on: articleId, into: &fields)
                    })
                }
            }
            if var existing = known[key] {
                let missing = Set(tags).subtracting(existing.tags)
                if missing.isEmpty {
                    summary.alreadyThere += 1
                } else {
                    summary.merged += 1
                    existing.tags = Self.normalized(existing.tags + Array(missing))
                    known[key] = existing
                    let labels = existing.tags
                    batch.append(RecordEdit(entity: .savedArticle, id: existing.id, op: .update) { fields in
                        fields["tags"] = .array(labels.prefix(50).map(JSONValue.string))
                    })
                }
                addHighlights(to: existing.id)
            } else {
                let files = item.record.flatMap { record in
                    document.format == .satchelZIP && !dryRun ? restoreFiles(of: record, from: contentReader) : nil
                }
                if let files {
                    summary.filesRestored += files.copied
                    // A file saved from disk is its article: without it there is nothing to capture.
                    if ImportReader.isFileAddress(item.url), files.refused.contains(where: { "urn:" + $0.0.digest.text == item.url }) {
                        summary.refused.append(RefusedEntry(
                            place: "entry \(position + 1)", url: item.url, reason: "its file is missing or does not match its digest"))
                        continue
                    }
                    for (attachment, reason) in files.refused {
                        summary.filesRefused.append(RefusedEntry(
                            place: "\"\(String(Self.plainText(item.title ?? item.url).prefix(80)))\"", url: item.url,
                            reason: "its file \(attachment.name) (\(attachment.digest.hex.prefix(12))…) \(reason); it waits for capture"))
                    }
                }
                let id = UUID.timeOrdered()
                let host = URL(string: item.url)?.host ?? item.url
                let title = String(Self.plainText(item.title ?? host).prefix(500))
                let note = String(Self.plainText(item.note).prefix(100_000))
                known[key] = SavedArticle(id: id, url: item.url, title: title, tags: tags, savedAt: now, updatedAt: now)
                summary.added += 1
                batch.append(RecordEdit(entity: .savedArticle, id: id, op: .create) { fields in
                    fields["url"] = .string(item.url)
                    fields["title"] = .string(title)
                    fields["siteName"] = .string(String(host.prefix(200)))
                    fields["tags"] = .array(Array(tags.prefix(50)).map(JSONValue.string))
                    fields["archived"] = .bool(item.archived)
                    fields["favorite"] = .bool(item.favorite)
                    fields["note"] = .string(note)
                    fields["savedAt"] = .string(SatchelJSON.string(from: item.savedAt ?? now))
                    if capture { fields["captureStatus"] = .string(CaptureStatus.pending.rawValue) }
                    if let progress = item.readingProgress { fields["readingProgress"] = .number(min(max(progress, 0), 1)) }
                    if let record = item.record { Self.restore(record, into: &fields, capture: capture, files: files) }
                })
                addHighlights(to: id)
                if capture && Self.waitsForCapture(item.record, files: files) { summary.queuedForCapture += 1 }
                // The file's own readable copy becomes the capture: the page is not fetched again.
                if capture, !dryRun, let content = item.content, let html = contentReader.html(content) {
                    provided.append((id, html))
                }
            }
            if batch.count >= 500 {
                try flush()
                progress(position + 1, document.items.count)
            }
        }
        try flush()
        progress(document.items.count, document.items.count)
        return summary
    }

    /// A highlight's identity across imports: its article, quote and position.
    static func highlightKey(_ articleId: UUID, _ exact: String, _ start: Int) -> String {
        "\(articleId.uuidString)|\(start)|\(exact)"
    }

    /// Every field of an exported highlight, on the article `articleId` of this list.
    static func restore(_ highlight: Highlight, exact: String, on articleId: UUID, into fields: inout [String: JSONValue]) {
        fields["articleId"] = .string(articleId.uuidString)
        fields["exact"] = .string(exact)
        fields["prefix"] = .string(String(plainText(highlight.prefix).prefix(200)))
        fields["suffix"] = .string(String(plainText(highlight.suffix).prefix(200)))
        fields["start"] = .number(Double(min(max(highlight.start, 0), 100_000_000)))
        fields["end"] = .number(Double(min(max(highlight.end, 0), 100_000_000)))
        fields["captureDigest"] = highlight.captureDigest.flatMap(BlobDigest.init).map { .string($0.text) } ?? .null
        fields["repeatIndex"] = .number(Double(min(max(highlight.repeatIndex, 0), 100_000)))
        fields["repeatCount"] = .number(Double(min(max(highlight.repeatCount, 1), 100_000)))
        fields["occurrences"] = .number(Double(min(max(highlight.occurrences, 1), 100_000)))
        fields["nearOccurrences"] = .number(Double(min(max(highlight.nearOccurrences, 1), 100_000)))
        fields["color"] = .string(HighlightColor(rawValue: highlight.color)?.rawValue ?? HighlightColor.yellow.rawValue)
        fields["note"] = .string(String(plainText(highlight.note).prefix(100_000)))
        fields["createdAt"] = .string(SatchelJSON.string(from: highlight.createdAt))
    }

    /// Every field of an exported article. Without `files` (a JSON export) its files are not there, so a
    /// page that had a copy waits for capture again (unless `capture` is false); with the files restored
    /// from an archive, the attachments that arrived whole are kept with the capture, and a page that lost
    /// one waits for capture.
    static func restore(
        _ article: SavedArticle, into fields: inout [String: JSONValue], capture: Bool, files: RestoredFiles? = nil
    ) {
        fields["siteName"] = .string(String(plainText(article.siteName).prefix(200)))
        fields["excerpt"] = .string(String(plainText(article.excerpt).prefix(2000)))
        fields["postId"] = article.postId.map { .string($0.uuidString) } ?? .null
        fields["readingProgress"] = .number(min(max(article.readingProgress, 0), 1))
        fields["byline"] = .string(String(plainText(article.byline).prefix(500)))
        fields["finalUrl"] = .string(article.finalUrl.utf8.count <= 2048 ? plainText(article.finalUrl) : "")
        fields["readingMinutes"] = .number(Double(min(max(article.readingMinutes, 0), 100_000)))
        let hadCopy = article.captureDigest != nil
        guard let files else {
            let status: CaptureStatus = hadCopy ? (capture ? .pending : .none) : article.captureStatus
            fields["captureStatus"] = .string(status.rawValue)
            fields["captureError"] = .string(hadCopy ? "" : String(plainText(article.captureError).prefix(1000)))
            return
        }
        fields["attachments"] = .array(files.kept.map(\.json))
        let copyKept = article.captureDigest.map { digest in files.kept.contains { $0.digest == digest } } ?? false
        if copyKept, let digest = article.captureDigest {
            fields["captureDigest"] = .string(digest.text)
            if let capturedAt = article.capturedAt { fields["capturedAt"] = .string(SatchelJSON.string(from: capturedAt)) }
        }
        if files.refused.isEmpty && (!hadCopy || copyKept) {
            fields["captureStatus"] = .string(article.captureStatus.rawValue)
            fields["captureError"] = .string(String(plainText(article.captureError).prefix(1000)))
        } else {
            fields["captureStatus"] = .string((capture ? CaptureStatus.pending : .none).rawValue)
            fields["captureError"] = .string("")
        }
    }

    /// The key an import matches pages by: the normalized address, or a saved file's content address.
    static func importKey(_ address: String) -> String? {
        URLNormalizer.normalize(address) ?? (ImportReader.isFileAddress(address) ? address : nil)
    }

    /// Whether an imported article is left waiting for capture.
    static func waitsForCapture(_ record: SavedArticle?, files: RestoredFiles?) -> Bool {
        guard let record else { return true }
        if ImportReader.isFileAddress(record.url) { return false }
        guard let files else { return record.captureDigest != nil || record.captureStatus == .pending }
        let copyKept = record.captureDigest.map { digest in files.kept.contains { $0.digest == digest } } ?? false
        let whole = files.refused.isEmpty && (record.captureDigest == nil || copyKept)
        return !whole || record.captureStatus == .pending
    }

    /// The files of an exported article, from its archive into the file cache: each one's bytes must hash
    /// to its digest, or it is refused (and deleted). Files already in the cache are kept as they are.
    func restoreFiles(of article: SavedArticle, from reader: ImportContentReader) -> RestoredFiles {
        var files = RestoredFiles()
        for attachment in article.attachments {
            if blobCache.contains(attachment.digest), blobCache.verify(attachment.digest) {
                files.kept.append(attachment)
                continue
            }
            let staged = blobCache.stagingPath()
            if let problem = reader.copyFile(attachment.digest, to: staged) {
                try? FileManager.default.removeItem(atPath: staged)
                files.refused.append((attachment, problem.hasPrefix("it ") ? problem : "could not be read (\(problem))"))
                continue
            }
            do {
                try blobCache.adopt(staged, as: attachment.digest)
                files.kept.append(attachment)
                files.copied += 1
            } catch BlobCacheError.damaged {
                files.refused.append((attachment, "does not match its digest"))
            } catch {
                files.refused.append((attachment, "could not be stored (\(error))"))
            }
        }
        return files
    }

    /// `text` without control characters (tab and line breaks kept) and noncharacters: a file's text may
    /// hold anything, a record's may not.
    static func plainText(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            !((scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0x7F
                || scalar.value == 0xFFFE || scalar.value == 0xFFFF)
        }))
    }
}

/// The files of one imported article: those restored whole (or already on this machine), and those refused
/// with the reason.
struct RestoredFiles {
    var kept: [Attachment] = []
    /// How many of `kept` were copied from the archive (the others were in the file cache already).
    var copied = 0
    var refused: [(Attachment, String)] = []
}
