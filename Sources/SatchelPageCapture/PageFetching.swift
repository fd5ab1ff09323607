import SatchelFetch

/// Something that fetches addresses written by strangers under the guarded rules: the ``GuardedFetcher``,
/// or in unit tests of pure capture logic a canned one.
public protocol PageFetching: Sendable {
    /// Fetches one address; throws ``FetchError`` on refusal or failure.
    func fetch(_ request: FetchRequest) async throws -> FetchResponse
}

extension GuardedFetcher: PageFetching {}
