import SatchelClient
import Foundation
import SatchelShared

/// How saved articles read in text output.
enum ArticleFormat {
    /// The list's table.
    static func table(_ articles: [Synced<SavedArticle>]) -> String {
        TextTable(
            headers: ["ID", "STATE", "READ", "FLAGS", "COPY", "TITLE", "TAGS"],
            rows: articles.map { item in
                let a = item.value
                return [
                    IDResolver.short(a.id), item.state.rawValue, percent(a.readingProgress),
                    (a.favorite ? "★" : "") + (a.archived ? "A" : "") + (a.postId != nil ? "P" : ""),
                    captureColumn(a), a.title.truncated(to: 50), a.tags.joined(separator: ","),
                ]
            }
        ).render()
    }

    /// Every field of one article.
    static func detail(_ item: Synced<SavedArticle>, cached: CachedArticleBody?) -> String {
        let a = item.value
        var lines = [
            "\(a.title)",
            "  id        \(a.id.uuidString.lowercased())",
            "  url       \(a.url)",
            "  site      \(a.siteName)",
            "  state     \(item.state.rawValue)",
            "  progress  \(percent(a.readingProgress))",
            "  favorite  \(a.favorite ? "yes" : "no")",
            "  archived  \(a.archived ? "yes" : "no")",
            "  tags      \(a.tags.isEmpty ? "-" : a.tags.joined(separator: ", "))",
            "  saved     \(SatchelJSON.string(from: a.savedAt))",
        ]
        if let postId = a.postId {
            let cache = cached.map { " (\($0.readingTimeMinutes) min read, cached for offline reading)" }
                ?? " (not cached here yet)"
            lines.append("  post      \(postId.uuidString.lowercased())" + cache)
        }
        switch a.captureStatus {
        case .captured:
            let minutes = a.readingMinutes > 0 ? ", \(a.readingMinutes) min read" : ""
            lines.append("  capture   kept for offline reading\(minutes)" + (a.capturedAt.map { " (\(SatchelJSON.string(from: $0)))" } ?? ""))
        case .failed:
            lines.append("  capture   failed: \(a.captureError)" + (a.captureDigest == nil ? "" : " (an earlier copy is kept)"))
        case .pending:
            lines.append("  capture   not finished (retry with `satchel capture \(IDResolver.short(a.id))`)")
        case .none:
            break
        }
        if !a.finalUrl.isEmpty, a.finalUrl != a.url { lines.append("  final url \(a.finalUrl)") }
        if !a.byline.isEmpty { lines.append("  byline    \(a.byline)") }
        if !a.excerpt.isEmpty { lines.append("  excerpt   \(a.excerpt.truncated(to: 200))") }
        if !a.note.isEmpty { lines.append("  note      \(a.note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The list's COPY column: whether the page is kept for reading offline.
    static func captureColumn(_ article: SavedArticle) -> String {
        switch article.captureStatus {
        case .captured: "kept"
        case .failed: article.captureDigest == nil ? "failed" : "kept*"
        case .pending: "pending"
        case .none: article.attachments.isEmpty ? "-" : "file"
        }
    }

    /// `40%`.
    static func percent(_ progress: Double) -> String {
        "\(Int((progress * 100).rounded()))%"
    }
}

/// One article as `--json` prints it: the article, its sync state and whether its text is cached.
struct ArticleJSON: Encodable, Sendable {
    var article: SavedArticle
    var syncState: String
    var cachedForOfflineReading: Bool

    private enum CodingKeys: String, CodingKey { case syncState, cachedForOfflineReading }

    func encode(to encoder: any Encoder) throws {
        try article.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(syncState, forKey: .syncState)
        try container.encode(cachedForOfflineReading, forKey: .cachedForOfflineReading)
    }
}

extension Session {
    /// The article as `--json` shows it.
    func articleJSON(_ id: UUID) throws -> ArticleJSON? {
        guard let item = try store.article(id) else { return nil }
        let cached = try store.cachedBody(for: id) != nil
        return ArticleJSON(article: item.value, syncState: item.state.rawValue, cachedForOfflineReading: cached)
    }

    /// After a change to one article: try to sync, then print what happened.
    func reportArticleChange(_ id: UUID, _ text: String) async throws {
        let outcome = await syncAfterChange()
        try emit(ChangeReport(record: try articleJSON(id), sync: outcome)) { text + "\n" + outcome.message }
    }
}
