import Foundation
import SatchelShared
import SatchelSync

/// The server's side of a queued comment: preparing it with the publisher (validation, moderation) before
/// the push's transaction.
extension QueuedCommentRules {
    /// Validates and moderates the comment a mutation queues, outside the store's transaction; `nil` for a
    /// mutation that queues none. A refusal becomes the mutation's rejection; any other failure (the
    /// database, say) fails the whole push, so the client retries instead of losing the comment.
    static func prepare(_ mutation: Mutation, user: User, publisher: CommentPublisher) async throws
        -> Result<Comment, CommentRefusal>?
    {
        guard mutation.entity == .comment, mutation.op == .create, SyncSchema.validate(mutation) == nil else {
            return nil
        }
        switch request(from: mutation) {
        case .failure(let refusal):
            return .failure(refusal)
        case .success(let (request, postId)):
            do {
                return .success(try await publisher.prepare(request, postId: postId, user: user))
            } catch let refusal as CommentRefusal {
                return .failure(refusal)
            }
        }
    }
}
