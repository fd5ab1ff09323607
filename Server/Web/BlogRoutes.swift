import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelStores

/// The blog's reading pages: the front page, lists by author, tag and search, and the random link.
/// Each renders server-side; every error becomes an HTML page through ``WebErrorMiddleware``.
struct BlogRoutes {
    let dependencies: ServerDependencies

    /// Posts per list page.
    static let pageSize = 10

    func register(on router: Router<SatchelRequestContext>) {
        let reads = dependencies.publicReads
        /// Registers a list page served through the response cache.
        func page(_ path: RouterPath, _ build: @escaping @Sendable (Request, SatchelRequestContext) async throws -> CacheableBody) {
            router.get(path) { request, context in
                try await reads.respond(request, context: context, key: PublicReadCache.pageKey(request, origin: WebSite.origin(of: request))) {
                    try await build(request, context)
                }
            }
        }
        page("/") { request, _ in
            try await list(request, path: "/", query: PostQuery(), heading: "Latest posts", title: WebSite.name,
                           description: "The newest posts of \(WebSite.name).", emptyText: "Nothing published yet.")
        }
        page("/authors/{username}") { request, context in
            let username = (context.parameters.get("username") ?? "").lowercased()
            guard let user = try await dependencies.accounts.user(username: username)?.user else {
                throw APIError.notFound("The author '\(username)'")
            }
            let feed = PageHead.FeedLink(
                title: "\(user.displayName) — posts", href: "/authors/\(WebSite.pathSegment(user.username))/feed.atom")
            return try await list(
                request, path: "/authors/\(WebSite.pathSegment(user.username))", query: PostQuery(authorId: user.id),
                heading: "Posts by \(user.displayName)", title: user.displayName,
                description: "Posts by \(user.displayName) on \(WebSite.name).",
                emptyText: "\(user.displayName) has not published anything yet.", feed: feed)
        }
        page("/tags/{tag}") { request, context in
            let tag = (context.parameters.get("tag") ?? "").lowercased()
            let feed = PageHead.FeedLink(title: "Posts tagged \(tag)", href: "/tags/\(WebSite.pathSegment(tag))/feed.atom")
            return try await list(
                request, path: "/tags/\(WebSite.pathSegment(tag))", query: PostQuery(tag: tag),
                heading: "Posts tagged “\(tag)”", title: "Tagged \(tag)",
                description: "Posts tagged \(tag) on \(WebSite.name).", emptyText: "No posts carry this tag.",
                feed: feed)
        }
        page("/search") { request, _ in
            let text = request.uri.queryParameters["q"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            guard TextRules.length(text) <= 200 else { throw APIError.badParameter("q", "must be at most 200 characters.") }
            return try await list(
                request, path: "/search", query: PostQuery(search: text.isEmpty ? nil : text),
                heading: text.isEmpty ? "Search" : "Results for “\(text)”", title: "Search",
                description: "Search the posts of \(WebSite.name).",
                emptyText: text.isEmpty ? "Type a word in the search box above." : "No post matches “\(text)”.",
                searchText: text)
        }
        router.get("/random") { _, _ in
            guard let post = try await dependencies.posts.randomPost() else { throw APIError.notFound("A published post") }
            return WebResponse.seeOther("/posts/\(WebSite.pathSegment(post.slug))")
        }
    }

    /// A list page of `query`, starting at the page's `?cursor=`.
    private func list(
        _ request: Request, path: String, query: PostQuery, heading: String, title: String, description: String,
        emptyText: String, feed: PageHead.FeedLink? = nil, searchText: String = ""
    ) async throws -> CacheableBody {
        let site = try WebSite.load()
        var query = query
        query.limit = Self.pageSize
        // An empty `?cursor=` is no cursor: the first page, as the API reads it.
        let cursorText = request.uri.queryParameters["cursor"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        if let cursorText {
            guard let cursor = Pagination.decode(cursorText) else {
                throw APIError.badParameter("cursor", "is not a page of this list; start again from the first page.")
            }
            query.position = try PostListCursor.position(from: cursor, searching: query.search != nil)
        }
        // An empty search box lists nothing rather than everything.
        let page: PostPage =
            if path == "/search" && query.search == nil { PostPage(posts: [], next: nil) }
            else { try await dependencies.posts.listPosts(query) }
        let searchPrefix = searchText.isEmpty ? "" : "q=\(WebSite.queryValue(searchText))&"
        let older = page.next.map { "\(path)?\(searchPrefix)cursor=\(PostListCursor.cursor(for: $0))" }
        let newer = cursorText == nil ? nil : (searchText.isEmpty ? path : "\(path)?q=\(WebSite.queryValue(searchText))")
        let model = ListPageModel(
            head: site.head(title: title, description: description, feeds: feed.map { [$0] } ?? [], searchQuery: searchText),
            heading: heading, intro: nil, feed: feed, posts: page.posts.map(PostSummaryView.init), emptyText: emptyText,
            newerHref: newer, olderHref: older)
        return .html(try site.assets.render(model, template: "list"))
    }
}
