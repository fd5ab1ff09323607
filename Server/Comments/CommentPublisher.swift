import Crypto
import Foundation
import SatchelShared
import SatchelSync

/// Validates, moderates and stores a new comment; shared by `POST /v1/posts/{id}/comments`
/// and comments queued offline that arrive through sync.
struct CommentPublisher {
    let dependencies: ServerDependencies

    /// Publishes or holds a comment; a refusal stores nothing.
    func publish(_ body: CreateCommentRequest, postId: UUID, user: User?) async throws -> Comment {
        try await dependencies.comments.createComment(try await prepare(body, postId: postId, user: user))
    }

    /// Validates and moderates a comment without storing it; throws ``CommentRefusal``.
    func prepare(_ body: CreateCommentRequest, postId: UUID, user: User?) async throws -> Comment {
        guard let post = try await dependencies.posts.post(id: postId), post.status == .published else {
            throw CommentRefusal.postNotFound
        }
        guard post.commentStatus == .open else { throw CommentRefusal.commentsClosed }
        var validator = FieldValidator()
        let text = validator.text(body.body, field: "body", maxLength: 10_000)
        let name: String?
        let email: String?
        if let user {
            name = user.displayName
            email = user.email
        } else {
            name = validator.text(body.authorName, field: "authorName", maxLength: 80)
            email = validator.email(body.authorEmail, field: "authorEmail")
        }
        let url = validator.url(body.authorUrl, field: "authorUrl")
        if let parentId = body.parentId {
            let parent = try await dependencies.comments.comment(id: parentId)
            if parent?.postId != postId || parent?.status != .approved {
                validator.fail("parentId", "must name a published comment on the same post.")
            }
        }
        guard validator.errors.isEmpty, let text, let name, let email else {
            throw CommentRefusal.invalid(validator.errors)
        }
        let decision = try await dependencies.moderation.decide(
            CommentSubmission(postId: postId, body: text, authorUrl: url, honeypot: body.nickname, isSignedIn: user != nil),
            comments: dependencies.comments)
        return Comment(
            id: body.id ?? UUID(), postId: postId, parentId: body.parentId, authorName: name, authorUrl: url,
            emailHash: Self.emailHash(email), authorEmail: email, userId: user?.id, body: text,
            status: decision.status, createdAt: dependencies.clock(), clientCreatedAt: body.clientCreatedAt)
    }

    /// SHA-256 of the trimmed, lower-cased email, in hex.
    static func emailHash(_ email: String) -> String {
        let normalized = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return SHA256.hash(data: Data(normalized.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
