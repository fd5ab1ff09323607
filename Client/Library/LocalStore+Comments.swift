import Foundation
import SatchelShared
import SatchelSync

extension LocalStore {
    /// Queues a comment on a post (optionally a reply). It is delivered exactly once by the next
    /// successful sync, even if a response is lost and the push is retried.
    @discardableResult
    public func queueComment(postId: UUID, body: String, parentId: UUID? = nil) throws -> QueuedComment {
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw LocalStoreError.invalid("A comment needs some text.") }
        let id = UUID.timeOrdered()
        let now = environment.now()
        try write(.comment, id, .create) { fields in
            fields["postId"] = .string(postId.uuidString)
            fields["parentId"] = parentId.map { .string($0.uuidString) } ?? .null
            fields["body"] = .string(text)
            fields["clientCreatedAt"] = .string(SatchelJSON.string(from: now))
        }
        // Only the new comment is read back: listing every queued comment made each new one cost more.
        return try database.read { tables in
            guard let (record, state) = try Self.synced(tables, .comment, id) else {
                throw LocalStoreError.notFound("The comment just queued")
            }
            return try Self.queuedComment(record, state)
        }
    }

    /// Every comment written on this machine, with its delivery and moderation state.
    public func queuedComments() throws -> [QueuedComment] {
        try database.read(Self.queuedComments)
    }

    static func queuedComments(_ tables: LocalTables) throws -> [QueuedComment] {
        try synced(tables, .comment).map(queuedComment)
    }

    static func queuedComment(_ record: LocalRecord, _ state: RecordSyncState) throws -> QueuedComment {
        let f = record.fields
        // A comment whose post id does not read fails loudly rather than point at an invented post.
        guard let postId = f["postId"]?.stringValue.flatMap(UUID.init(uuidString:)) else {
            throw LocalStoreError.invalid("corrupt record: the records row comment \(record.id) has no valid postId")
        }
        return QueuedComment(
            id: record.id, postId: postId,
            parentId: f["parentId"]?.stringValue.flatMap(UUID.init(uuidString:)), body: f["body"]?.stringValue ?? "",
            moderation: f["status"]?.stringValue.flatMap(CommentModerationStatus.init(rawValue:)), state: state)
    }
}
