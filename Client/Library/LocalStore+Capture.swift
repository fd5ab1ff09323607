import Foundation
import SatchelFetch
import SatchelPageCapture
import SatchelShared
import SatchelSync

extension LocalStore {
    /// The saved article holding the same page as `url`: its address as saved or the one its capture
    /// ended at, compared normalized (scheme and host case, default port, fragment, tracking parameters,
    /// trailing slash).
    public func article(matching url: String, excluding excluded: UUID? = nil) throws -> SavedArticle? {
        let key = URLNormalizer.normalize(url) ?? url
        return try articles().lazy.map(\.value).first { article in
            !article.deleted && article.id != excluded
                && ((URLNormalizer.normalize(article.url) ?? article.url) == key
                    || (!article.finalUrl.isEmpty && (URLNormalizer.normalize(article.finalUrl) ?? article.finalUrl) == key))
        }
    }

    /// Keeps a capture: its files go into this machine's file cache (each checked against its digest), then
    /// one local write records the readable copy, its attachments and what the page said. Nothing of a
    /// capture is visible before that write; files cached before a crash are unpinned and evicted later.
    @discardableResult
    public func keepCapture(_ capture: PageCapture, for id: UUID) throws -> SavedArticle {
        for file in capture.files where !blobCache.contains(file.attachment.digest) {
            try blobCache.store(file.bytes, as: file.attachment.digest)
        }
        let now = environment.now()
        return try Self.article(from: write(.savedArticle, id, .update) { CaptureRecordFields.apply(capture, to: &$0, at: now) })
    }

    /// Records that a capture failed, and why; a readable copy from an earlier capture stays.
    @discardableResult
    public func recordCaptureFailure(_ reason: String, for id: UUID) throws -> SavedArticle {
        try Self.article(from: write(.savedArticle, id, .update) { CaptureRecordFields.applyFailure(reason, to: &$0) })
    }

    /// Articles whose last capture failed or never finished, oldest first.
    public func articlesNeedingCapture() throws -> [SavedArticle] {
        try articles().map(\.value).filter { !$0.deleted && ($0.captureStatus == .failed || $0.captureStatus == .pending) }
            .reversed()
    }

    /// The article's readable copy, from this machine's file cache (or fetched from the server when it
    /// is not there yet); nil when the article has none, or its capture is a file (a PDF, an image).
    public func readableCopy(of article: SavedArticle) async throws -> CapturedArticle? {
        guard let digest = article.captureDigest,
              let attachment = article.attachments.first(where: { $0.digest == digest }),
              attachment.name == CapturedArticle.fileName, attachment.mediaType == CapturedArticle.mediaType
        else { return nil }
        guard attachment.size <= Int64(CapturedArticle.maximumBytes) else { throw CapturedArticleError.tooLarge }
        let path = try await file(attachment)
        return try CapturedArticle.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The cache files of the copy's images that are on this machine (fetched from the server when
    /// missing and one is reachable), by the image's address on the page.
    public func imageFiles(of copy: CapturedArticle, in article: SavedArticle) async -> [String: String] {
        let byDigest = Dictionary(article.attachments.map { ($0.digest.text, $0) }, uniquingKeysWith: { first, _ in first })
        var files: [String: String] = [:]
        for image in copy.images {
            guard let digest = image.digest, let attachment = byDigest[digest] else { continue }
            if let path = try? await file(attachment) { files[image.url] = path }
        }
        return files
    }
}
