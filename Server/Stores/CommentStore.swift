import Foundation
import SatchelShared

/// Where a page of comments starts, in oldest-first order.
public enum CommentListPosition: Sendable, Hashable {
    /// The first page.
    case start
    /// After the comment with this creation time (milliseconds) and id.
    case after(createdMillis: Int64, id: UUID)
}

/// One page of comments and the position of the next.
public struct CommentPage: Sendable {
    /// The comments, oldest first.
    public var comments: [Comment]
    /// Where the next page starts; `nil` on the last page.
    public var next: CommentListPosition?

    /// Creates a page.
    public init(comments: [Comment], next: CommentListPosition?) {
        self.comments = comments
        self.next = next
    }
}

/// Comments on posts, including the private email of each commenter.
public protocol CommentStore: Sendable {
    /// Inserts a comment (with its email). Throws ``StoreError/duplicate(field:)`` with `id` when the id exists,
    /// ``StoreError/missingReference(field:)`` with `postId` when the post is gone.
    func createComment(_ comment: Comment) async throws -> Comment
    /// The comment with this id, email included.
    func comment(id: UUID) async throws -> Comment?
    /// A page of a post's comments with the given status, oldest first.
    func comments(postId: UUID, status: CommentModerationStatus, limit: Int, position: CommentListPosition)
        async throws -> CommentPage
    /// Whether the post already has a comment with this exact body (after trimming), in any status but trash.
    func hasComment(postId: UUID, body: String) async throws -> Bool
    /// Sets a comment's moderation status at `now` (the server's clock; a queued comment's synced record
    /// is stamped with it); `nil` when there is no such comment.
    func setStatus(_ status: CommentModerationStatus, forComment id: UUID, at now: Date) async throws -> Comment?
}
