import Hummingbird
import Synchronization

/// The methods each registered path accepts, so a request for a known path with another method gets
/// 405 with `Allow` (RFC 9110 §15.5.6) instead of a 404 that would suggest the path does not exist.
public final class RouteMethods: Sendable {
    /// An empty table, filled by ``record(_:)``.
    public init() {}

    private let table = Mutex<[(segments: [Substring], methods: Set<String>)]>([])

    /// Records the router's routes (call once every route is registered).
    public func record(_ routes: [(path: String, method: String)]) {
        var byPath: [String: Set<String>] = [:]
        for route in routes {
            byPath[route.path, default: []].insert(route.method)
            // HeadRequestMiddleware answers HEAD wherever GET works.
            if route.method == "GET" { byPath[route.path, default: []].insert("HEAD") }
        }
        table.withLock { table in
            table = byPath.map { (path, methods) in (Self.segments(path), methods) }
        }
    }

    /// The methods of the route that answers `path`, sorted; empty when none does. Like the router, a
    /// literal segment wins over a parameter: `/v1/posts/random` offers only its own methods, not those
    /// of `/v1/posts/{id}`.
    func allowed(forPath path: String) -> [String] {
        let requested = Self.segments(path)
        let methods = table.withLock { table in
            let matching = table.filter { Self.matches($0.segments, requested) }
            guard let best = matching.map({ Self.literals($0.segments) }).max(by: Self.lessSpecific) else {
                return Set<String>()
            }
            return matching.filter { Self.literals($0.segments) == best }
                .reduce(into: Set<String>()) { $0.formUnion($1.methods) }
        }
        return methods.sorted()
    }

    /// Which segments of a pattern are literal (not `{parameter}`).
    private static func literals(_ pattern: [Substring]) -> [Bool] {
        pattern.map { !($0.hasPrefix("{") && $0.hasSuffix("}")) }
    }

    /// Whether `lhs` is less specific than `rhs`: at the first segment where they differ, `lhs` has a parameter.
    private static func lessSpecific(_ lhs: [Bool], _ rhs: [Bool]) -> Bool {
        guard let index = lhs.indices.first(where: { lhs[$0] != rhs[$0] }) else { return false }
        return !lhs[index]
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// A `{parameter}` segment matches any one segment; others match exactly.
    private static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        pattern.count == path.count
            && zip(pattern, path).allSatisfy { pattern, segment in
                (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern == segment
            }
    }
}
