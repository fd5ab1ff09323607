import Foundation
import SatchelShared

/// What a queued comment's publication depends on besides the user's feed, as the store read it.
public struct QueuedCommentAvailability: Sendable, Equatable {
    /// A comment with the queued comment's id already exists.
    public var idTaken: Bool
    /// The comment's post exists, is published and open to comments.
    public var postOpen: Bool

    /// Creates an availability.
    public init(idTaken: Bool, postOpen: Bool) {
        self.idTaken = idTaken
        self.postOpen = postOpen
    }
}

/// Every rule of a comment queued through sync, and every sentence that refuses one: which mutations may
/// carry a comment, how its fields become a comment request, what the applier does with the prepared
/// comment, and what the store's check under its lock decides.
public enum QueuedCommentRules {
    /// The request a comment create asks for and its post, or why its fields cannot make one.
    public static func request(from mutation: Mutation) -> Result<(CreateCommentRequest, postId: UUID), CommentRefusal> {
        let fields = mutation.fields
        guard let postId = fields["postId"]?.value.stringValue.flatMap(UUID.init(uuidString:)) else {
            return .failure(.invalid([FieldError(field: "postId", message: "must be a post id.")]))
        }
        let parentText = fields["parentId"]?.value.stringValue
        let parentId = parentText.flatMap(UUID.init(uuidString:))
        if parentText != nil && parentId == nil {
            return .failure(.invalid([FieldError(field: "parentId", message: "must be a comment id.")]))
        }
        let request = CreateCommentRequest(
            id: mutation.recordId, body: fields["body"]?.value.stringValue ?? "", parentId: parentId,
            clientCreatedAt: fields["clientCreatedAt"]?.value.stringValue.flatMap(SatchelJSON.date(from:)))
        return .success((request, postId))
    }

    /// What a comment mutation does to its record `current`, given what was prepared for it.
    public static func outcome(of prepared: PreparedMutation, current: StoredSyncRecord?) -> SyncApplyOutcome {
        guard prepared.mutation.op == .create else { return readOnly }
        if current != nil { return SyncApplyOutcome(status: .applied, write: nil) }
        switch prepared.comment {
        case .success(let comment):
            return SyncApplyOutcome(
                status: .applied, write: (SyncApplier.fields(of: comment), [:], false), comment: comment)
        case .failure(let refusal):
            return .rejected(reason(for: refusal), code: code(for: refusal))
        case nil:
            return notPrepared
        }
    }

    /// The store's last word on a comment about to be published, from what it read inside its transaction:
    /// the refusal, or `nil` when the comment may be stored.
    public static func refusal(for comment: Comment, given availability: QueuedCommentAvailability) -> SyncApplyOutcome? {
        if availability.idTaken { return idTaken(comment.id) }
        return availability.postOpen ? nil : postClosed
    }

    /// The comments a batch may publish: those whose preparation succeeded (the store reads their availability).
    public static func candidates(in batch: [PreparedMutation]) -> [Comment] {
        batch.compactMap { prepared in
            guard prepared.mutation.op == .create, case .success(let comment)? = prepared.comment else { return nil }
            return comment
        }
    }

    // MARK: Refusals

    /// An edit or delete of a queued comment.
    public static let readOnly = SyncApplyOutcome.rejected(
        "Queued comments can only be created; edit or delete them on the web.", code: .commentReadOnly)

    /// A comment create the service did not prepare (it never reaches the store through ``SyncService``).
    public static let notPrepared = SyncApplyOutcome.rejected("The comment could not be prepared.", code: .commentInvalid)

    /// A queued comment whose id another comment already has.
    public static func idTaken(_ id: UUID) -> SyncApplyOutcome {
        .rejected("A different comment with the id \(id) already exists.", code: .commentIdTaken)
    }

    /// A queued comment whose post is gone or closed by the time the store writes it.
    public static let postClosed = SyncApplyOutcome.rejected(
        "The post is gone or closed to comments, so the comment was not posted.", code: .commentClosed)

    /// The rejection code of a refusal found while preparing the comment.
    public static func code(for refusal: CommentRefusal) -> RejectionCode {
        switch refusal {
        case .postNotFound, .commentsClosed: .commentClosed
        case .invalid: .commentInvalid
        }
    }

    /// The rejection sentence of a refusal found while preparing the comment.
    public static func reason(for refusal: CommentRefusal) -> String {
        switch refusal {
        case .postNotFound: "The post no longer exists, so the comment was not posted."
        case .commentsClosed: "Comments are closed on this post, so the comment was not posted."
        case .invalid(let errors):
            "The comment is invalid: " + errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        }
    }
}
