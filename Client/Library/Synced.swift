import Foundation
import SatchelShared

/// A record together with where it stands with the server.
public struct Synced<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The record.
    public var value: Value
    /// Pending, synced, conflicted or rejected.
    public var state: RecordSyncState
}

/// A comment written on this machine, queued until delivered, then carrying its moderation status.
public struct QueuedComment: Sendable, Hashable, Identifiable {
    /// The comment's id, made here and kept by the server.
    public var id: UUID
    /// The post commented on.
    public var postId: UUID
    /// The comment replied to.
    public var parentId: UUID?
    /// The text.
    public var body: String
    /// `nil` until delivered; then the server's moderation status.
    public var moderation: CommentModerationStatus?
    /// Pending until delivered; rejected when the server refused it (see ``LocalStore/deadLetters()``).
    public var state: RecordSyncState
}

/// How to settle a conflict.
public enum ConflictResolution: Sendable, Hashable {
    /// Keep the value this machine wrote (when it pushed the losing write) or holds.
    case mine
    /// Keep the other machine's value.
    case theirs
    /// Keep both: texts one after the other, tag sets united, a deleted record kept.
    case both
    /// Use this value instead.
    case value(JSONValue)

    /// The name recorded in the conflict record.
    var name: String {
        switch self {
        case .mine: "mine"
        case .theirs: "theirs"
        case .both: "both"
        case .value: "value"
        }
    }
}

/// What is waiting and what went wrong, for a status line.
public struct SyncStatus: Sendable, Hashable {
    /// Changes not yet pushed.
    public var pendingChanges: Int
    /// When a sync last completed.
    public var lastSyncAt: Date?
    /// Unresolved conflicts.
    public var openConflicts: Int
    /// Mutations the server refused, with reasons.
    public var deadLetters: [DeadLetter]
}
