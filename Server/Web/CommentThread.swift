import Foundation
import SatchelShared

/// Arranges a post's approved comments into threads by `parentId`, oldest first at every level.
enum CommentThread {
    /// The comment views, replies nested under their parents. A reply whose parent is not among
    /// `comments` (held or deleted) is shown at the top level rather than lost.
    static func views(of comments: [Comment], slug: String, repliesOpen: Bool) -> [CommentView] {
        let ids = Set(comments.map(\.id))
        var children: [UUID: [Comment]] = [:]
        var roots: [Comment] = []
        for comment in comments.sorted(by: { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) }) {
            if let parent = comment.parentId, ids.contains(parent), parent != comment.id {
                children[parent, default: []].append(comment)
            } else {
                roots.append(comment)
            }
        }
        var visited = Set<UUID>()
        func view(_ comment: Comment) -> CommentView {
            visited.insert(comment.id)
            let replies = (children[comment.id] ?? []).filter { !visited.contains($0.id) }.map(view)
            let date = comment.clientCreatedAt ?? comment.createdAt
            return CommentView(
                id: comment.id.uuidString.lowercased(), authorName: comment.authorName,
                authorUrl: comment.authorUrl ?? "", hasAuthorUrl: comment.authorUrl != nil,
                dateISO: WebFormatting.isoText(date), dateText: WebFormatting.dateText(date), body: comment.body,
                replyHref: "/posts/\(slug)?replyto=\(comment.id.uuidString.lowercased())#respond",
                canReply: repliesOpen, replies: replies, hasReplies: !replies.isEmpty)
        }
        return roots.map(view)
    }
}
