/// Why the server rejected a pushed mutation, in a word a program can act on; ``MutationResult/reason``
/// says it in a sentence. New codes may appear in later servers, so clients keep unknown ones as text.
public enum RejectionCode: String, Sendable, CaseIterable, Codable {
    /// The mutation breaks the sync schema: an unknown field, a wrong type, an absurd value.
    case invalid
    /// An update or delete of a record the server does not hold.
    case notFound = "not-found"
    /// An update of a record deleted elsewhere whose tombstone was purged: send the whole record as a create
    /// under the same mutation id (docs/PROTOCOL.md §4.5). This answer is not stored.
    case recordPurged = "record-purged"
    /// A queued comment was edited or deleted; comments are only created through sync.
    case commentReadOnly = "comment-read-only"
    /// The queued comment's post is gone or closed to comments.
    case commentClosed = "comment-closed"
    /// The queued comment's fields are invalid.
    case commentInvalid = "comment-invalid"
    /// Another comment already has the queued comment's id.
    case commentIdTaken = "comment-id-taken"
    /// A conflict record was created or deleted, or does not exist; they are only updated, to resolve them.
    case conflictInvalid = "conflict-invalid"
}
