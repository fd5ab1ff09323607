/// Bounds on what a request may carry. Documented in the README and `/openapi.json`.
public enum RequestLimits {
    /// Largest accepted request body: 1 MiB. Larger bodies get 413.
    public static let maxBodyBytes = 1 << 20
    /// Largest accepted body of a post create or update: 4 MiB, room for a body at its 200,000-character
    /// limit even when a client escapes every character as JSON `\uD83D\uDE00` (12 bytes each).
    public static let maxPostBodyBytes = 4 << 20
    /// Default page size of public lists.
    public static let defaultPageSize = 20
    /// Largest page size of public lists.
    public static let maxPageSize = 100
}
