/// Where `GET /metrics` is served. It is never part of the public API: either a listener of its own,
/// or the public port with a scrape token that only the operator's Prometheus knows.
public enum MetricsExposure: Sendable, Equatable {
    /// No `/metrics` and no metrics collected (the default).
    case off
    /// A separate listener (`--metrics-port`, `--metrics-host`) answering only `GET /metrics`.
    case port(host: String, port: Int)
    /// `GET /metrics` on the public port, for `Authorization: Bearer <token>` only (`--metrics-token`).
    case token(String)
}

/// Thrown when metrics are to be served but the application was given no ``ServerMetrics`` to fill.
public struct MissingServerMetrics: Error, CustomStringConvertible {
    /// What to do about it.
    public var description: String {
        "Serving /metrics needs ServerDependencies(store:metrics:) with a ServerMetrics to count into."
    }
}
