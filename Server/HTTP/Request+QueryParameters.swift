import Hummingbird

extension Request {
    /// Refuses a query parameter the route does not take, naming it, so that a misspelt `?limt=5` is a 400
    /// instead of being silently ignored. API routes only: web pages ignore extras such as `utm_source`.
    public func requireOnlyQueryParameters(_ allowed: Set<String>) throws {
        for (name, _) in uri.queryParameters where !allowed.contains(String(name)) {
            throw APIError.badParameter(String(name), "is not a query parameter of this route.")
        }
    }
}
