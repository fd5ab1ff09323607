import Foundation

extension SavedArticle {
    /// Reads an article from its synced record's fields (missing or mistyped fields take their defaults),
    /// the same on the client and on the server.
    public init(id: UUID, fields f: [String: JSONValue], updatedAt: Date, deleted: Bool) {
        self.init(
            id: id, url: f["url"]?.stringValue ?? "", title: f["title"]?.stringValue ?? "",
            siteName: f["siteName"]?.stringValue ?? "", excerpt: f["excerpt"]?.stringValue ?? "",
            postId: f["postId"]?.stringValue.flatMap(UUID.init(uuidString:)), tags: f["tags"]?.stringArrayValue ?? [],
            note: f["note"]?.stringValue ?? "", favorite: f["favorite"]?.boolValue ?? false,
            archived: f["archived"]?.boolValue ?? false, readingProgress: f["readingProgress"]?.numberValue ?? 0,
            savedAt: f["savedAt"]?.stringValue.flatMap(SatchelJSON.date(from:)) ?? updatedAt,
            updatedAt: updatedAt, deleted: deleted, attachments: Attachment.list(f["attachments"]),
            byline: f["byline"]?.stringValue ?? "", finalUrl: f["finalUrl"]?.stringValue ?? "",
            readingMinutes: Int(min(max(f["readingMinutes"]?.numberValue ?? 0, 0), 100_000)),
            captureStatus: CaptureStatus(recordValue: f["captureStatus"]?.stringValue ?? ""),
            captureError: f["captureError"]?.stringValue ?? "",
            capturedAt: f["capturedAt"]?.stringValue.flatMap(SatchelJSON.date(from:)),
            captureDigest: f["captureDigest"]?.stringValue.flatMap(BlobDigest.init))
    }
}
