import Foundation
import SatchelShared
import SatchelStores

/// What the moderation policy sees of a new comment.
public struct CommentSubmission: Sendable {
    /// The post commented on.
    public var postId: UUID
    /// The comment text, trimmed.
    public var body: String
    /// The author's link, if any.
    public var authorUrl: String?
    /// The honeypot field's value; people leave it empty.
    public var honeypot: String?
    /// Whether the author is signed in.
    public var isSignedIn: Bool

    /// Creates a submission.
    public init(postId: UUID, body: String, authorUrl: String?, honeypot: String?, isSignedIn: Bool) {
        self.postId = postId
        self.body = body
        self.authorUrl = authorUrl
        self.honeypot = honeypot
        self.isSignedIn = isSignedIn
    }
}

/// A moderation decision and why.
public struct ModerationDecision: Sendable, Equatable {
    /// `approved` (published, 201), `pending` or `spam` (held, 202).
    public var status: CommentModerationStatus
    /// Why it was held; `nil` when approved.
    public var reason: String?

    /// Publish now.
    public static let approve = ModerationDecision(status: .approved, reason: nil)
    /// Hold for a moderator.
    public static func hold(_ reason: String) -> ModerationDecision { .init(status: .pending, reason: reason) }
    /// Hold as spam.
    public static func spam(_ reason: String) -> ModerationDecision { .init(status: .spam, reason: reason) }
}

/// Decides whether a new comment is published at once or held for moderation.
public protocol ModerationPolicy: Sendable {
    /// The decision for one submission; `comments` lets the policy look for duplicates.
    func decide(_ submission: CommentSubmission, comments: any CommentStore) async throws -> ModerationDecision
}
