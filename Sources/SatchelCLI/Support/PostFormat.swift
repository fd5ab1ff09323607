import SatchelClient
import Foundation
import SatchelShared

/// How posts and their comment threads read in text output.
enum PostFormat {
    /// The posts list's table.
    static func table(_ posts: [Post]) -> String {
        TextTable(
            headers: ["ID", "PUBLISHED", "READ", "AUTHOR", "SLUG", "TITLE"],
            rows: posts.map { p in
                [IDResolver.short(p.id), p.publishedAt.map(day) ?? "-", "\(p.readingTimeMinutes) min", p.author.username,
                 p.slug, p.title.truncated(to: 50)]
            }
        ).render()
    }

    /// A post with its metadata, body and threaded comments.
    static func detail(_ post: Post, url: String, comments: [SatchelShared.Comment], queued: [QueuedComment]) -> String {
        var text = "\(post.title)\n"
        let published = post.publishedAt.map(day) ?? "unpublished"
        let tags = post.tags.isEmpty ? "" : " · " + post.tags.joined(separator: ", ")
        text += "by \(post.author.displayName) · \(published) · \(post.readingTimeMinutes) min read"
        text += " · \(plural(post.commentCount, "comment"))\(tags)\n"
        text += "id \(post.id.uuidString.lowercased()) · \(url)\n\n\(post.body)\n"
        text += "\nComments (\(comments.count))\n"
        text += thread(comments)
        let waiting = queued.filter { $0.state != .synced && $0.postId == post.id }
        for comment in waiting {
            text += "- you (\(comment.state.rawValue), \(IDResolver.short(comment.id))): \(comment.body)\n"
        }
        if comments.isEmpty && waiting.isEmpty {
            text += "No comments yet. Leave one: satchel comment \(IDResolver.short(post.id)) \"…\"\n"
        }
        return text
    }

    /// Comments as an indented tree: replies under their parents, each level oldest first.
    static func thread(_ comments: [SatchelShared.Comment]) -> String {
        let ids = Set(comments.map(\.id))
        let children = Dictionary(grouping: comments) { comment in comment.parentId.flatMap { ids.contains($0) ? $0 : nil } }
        var lines: [String] = []
        func walk(_ parent: UUID?, depth: Int) {
            for comment in (children[parent] ?? []).sorted(by: { $0.createdAt < $1.createdAt }) {
                let indent = String(repeating: "    ", count: depth)
                let body = comment.body.replacingOccurrences(of: "\n", with: "\n" + indent + "  ")
                let byline = "\(comment.authorName) (\(day(comment.createdAt)), \(IDResolver.short(comment.id)))"
                lines.append("\(indent)- \(byline): \(body)")
                walk(comment.id, depth: depth + 1)
            }
        }
        walk(nil, depth: 0)
        return lines.map { $0 + "\n" }.joined()
    }

    /// `2026-11-29`.
    static func day(_ date: Date) -> String {
        String(SatchelJSON.string(from: date).prefix(10))
    }
}
