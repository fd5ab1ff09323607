import SatchelShared

/// Why a comment cannot be accepted; the HTTP route and the sync API each render these their own way.
public enum CommentRefusal: Error, Equatable, Sendable {
    /// Some fields are invalid.
    case invalid([FieldError])
    /// The post does not exist (or is not public).
    case postNotFound
    /// The post does not accept comments.
    case commentsClosed
}
