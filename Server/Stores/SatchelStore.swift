import Foundation

/// One value implementing every server store protocol, as a server runs with.
public typealias SatchelStore = AccountStore & PostStore & CommentStore & IdempotencyStore & SyncStore & LimitStore
    & OperationsStore & VersionStore & BlobStore & FeedStore & MediaStore
