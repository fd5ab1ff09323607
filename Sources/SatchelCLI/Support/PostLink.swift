import Foundation

/// Recognises the address of a post of the profile's server, so that saving it links the post.
///
/// A post's address is `SERVER/v1/posts/ID-OR-SLUG` (the API address `satchel post` and `satchel posts`
/// print) or `SERVER/posts/ID-OR-SLUG`; the scheme, host and port must be the server's.
public enum PostLink {
    /// The post id or slug that `url` names on `server`, or `nil` when it is some other page.
    public static func postKey(in url: String, server: String) -> String? {
        guard let link = URLComponents(string: url), let base = URLComponents(string: server),
              origin(link) != nil, origin(link) == origin(base)
        else { return nil }
        let basePath = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        guard link.path.hasPrefix(basePath) else { return nil }
        let parts = link.path.dropFirst(basePath.count).split(separator: "/").map(String.init)
        switch parts.count {
        case 3 where parts[0] == "v1" && parts[1] == "posts" && parts[2] != "random": return parts[2]
        case 2 where parts[0] == "posts": return parts[1]
        default: return nil
        }
    }

    /// The address of a post on `server`, as `satchel posts` prints it.
    public static func url(ofPost id: UUID, server: String) -> String {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/v1/posts/" + id.uuidString.lowercased()
    }

    private static func origin(_ components: URLComponents) -> String? {
        guard let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased() else { return nil }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(host):\(port)"
    }
}
