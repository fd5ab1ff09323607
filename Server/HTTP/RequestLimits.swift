/// Bounds on what a request may carry. Documented in the README and `/openapi.json`.
public enum RequestLimits {
    /// Largest accepted request body: 1 MiB. Larger bodies get 413.
    public static let maxBodyBytes = 1 << 20
    /// Default page size of public lists.
    public static let defaultPageSize = 20
    /// Largest page size of public lists.
    public static let maxPageSize = 100
}
