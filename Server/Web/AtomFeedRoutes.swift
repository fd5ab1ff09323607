import Foundation
import Hummingbird
import SatchelHTTP
import SatchelMarkdown
import SatchelShared
import SatchelStores

/// Atom feeds (RFC 4287) of the newest posts: the whole site, one author, one tag.
/// Each carries `ETag` and `Last-Modified`, so ``ConditionalRequestMiddleware`` answers `If-None-Match`
/// and `If-Modified-Since` with 304.
struct AtomFeedRoutes {
    let dependencies: ServerDependencies

    /// Entries per feed.
    static let entryCount = 20

    func register(on router: Router<SatchelRequestContext>) {
        router.get("/feed.atom") { request, _ in
            try await feed(request, query: PostQuery(), id: "site", title: WebSite.name,
                           subtitle: "The newest posts.", page: "/")
        }
        router.get("/authors/{username}/feed.atom") { request, context in
            let username = (context.parameters.get("username") ?? "").lowercased()
            guard let user = try await dependencies.accounts.user(username: username)?.user else {
                throw APIError.notFound("The author '\(username)'")
            }
            return try await feed(
                request, query: PostQuery(authorId: user.id), id: "authors/\(user.id.uuidString.lowercased())",
                title: "\(user.displayName) — \(WebSite.name)", subtitle: "Posts by \(user.displayName).",
                page: "/authors/\(WebSite.pathSegment(user.username))")
        }
        router.get("/tags/{tag}/feed.atom") { request, context in
            let tag = (context.parameters.get("tag") ?? "").lowercased()
            return try await feed(
                request, query: PostQuery(tag: tag), id: "tags/\(WebSite.pathSegment(tag))",
                title: "Tagged \(tag) — \(WebSite.name)", subtitle: "Posts tagged \(tag).",
                page: "/tags/\(WebSite.pathSegment(tag))")
        }
    }

    private func feed(
        _ request: Request, query: PostQuery, id: String, title: String, subtitle: String, page: String
    ) async throws -> Response {
        let site = try WebSite.load()
        var query = query
        query.limit = Self.entryCount
        let posts = try await dependencies.posts.listPosts(query).posts
        let origin = WebSite.origin(of: request)
        let updated = posts.map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0)
        let rendered = try await PostImages(dependencies: dependencies).render(posts, origin: origin)
        let entries = posts.map { entry(for: $0, origin: origin, body: rendered[$0.id]) }
        let model = AtomFeedModel(
            title: title, subtitle: subtitle, id: "tag:satchel,2026:feed/\(id)",
            updated: WebFormatting.isoText(updated), selfURL: origin + request.uri.path, pageURL: origin + page,
            entries: entries)
        // Input refuses the control characters XML forbids; rows stored before that rule are cleaned here,
        // so that one post can never break the feed for every subscriber.
        let xml = TextRules.removingForbiddenInXML(try site.assets.render(model, template: "feed"))
        let headers: HTTPFields = [
            .contentType: "application/atom+xml; charset=utf-8", .cacheControl: WebResponse.pageCacheControl,
            .lastModified: HTTPDate.text(updated),
        ]
        return WebResponse.tagged(Data(xml.utf8), headers: headers)
    }

    private func entry(for post: Post, origin: String, body: RenderedPost?) -> AtomFeedModel.Entry {
        // The featured figure first, then the body; every image address is absolute.
        let content = (body?.featured?.html ?? "") + (body?.html ?? "")
        let url = "\(origin)/posts/\(WebSite.pathSegment(post.slug))"
        return AtomFeedModel.Entry(
            title: post.title, id: "urn:uuid:\(post.id.uuidString.lowercased())", url: url,
            published: WebFormatting.isoText(post.publishedAt ?? post.createdAt),
            updated: WebFormatting.isoText(post.updatedAt), authorName: post.author.displayName,
            authorURL: "\(origin)/authors/\(WebSite.pathSegment(post.author.username))", tags: post.tags,
            summary: post.excerpt, content: content)
    }
}

/// What `feed.mustache` renders.
struct AtomFeedModel {
    /// One post.
    struct Entry {
        let title: String
        let id: String
        let url: String
        let published: String
        let updated: String
        let authorName: String
        let authorURL: String
        let tags: [String]
        let summary: String
        let content: String
    }

    let title: String
    let subtitle: String
    let id: String
    let updated: String
    let selfURL: String
    let pageURL: String
    let entries: [Entry]
}
