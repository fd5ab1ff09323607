import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

@Suite("Blog pages over HTTP")
struct WebPageTests {
    @Test("the front page lists the demo posts with author, date, reading time and tags, and revalidates with 304")
    func frontPage() async throws {
        try await LiveServer.run { server in
            try await DemoContent.load(into: server.dependencies)
            let response = try await server.page("/")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(response.headers[.cacheControl] == "public, no-cache")
            let html = response.bodyText
            #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<html lang=\"en\">"))
            for landmark in ["<header", "<main", "<nav", "<footer", "<article"] { #expect(html.contains(landmark)) }
            #expect(html.contains("href=\"/posts/sqlite-on-the-server\">SQLite on the Server</a>"))
            #expect(html.contains("href=\"/authors/grace\" rel=\"author\">Grace Hopper</a>"))
            #expect(html.contains("min read") && html.contains("<time datetime=\""))
            #expect(html.contains("href=\"/tags/sqlite\" rel=\"tag\""))
            #expect(html.contains("<link rel=\"alternate\" type=\"application/atom+xml\""))
            #expect(!html.contains("@example.com"), "no email on any page")
            let etag = try #require(response.headers[.eTag])
            #expect(!etag.hasPrefix("W/"))
            let again = try await server.page("/", headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified && again.body.readableBytes == 0)
        }
    }

    @Test("a post page shows the body as paragraphs, the featured image, threaded comments and the reply form")
    func postPage() async throws {
        try await LiveServer.run { server in
            try await DemoContent.load(into: server.dependencies)
            let response = try await server.page("/posts/why-offline-first")
            #expect(response.status == .ok)
            let html = response.bodyText
            #expect(html.contains("<h1>Why Offline First</h1>"))
            #expect(html.contains("<title>Why Offline First — \(WebSite.name)</title>"))
            #expect(html.contains("<meta property=\"og:title\" content=\"Why Offline First\">"))
            #expect(html.contains("<span class=\"reading-time\">2 min read</span>"))
            #expect(html.contains("<img src=\"/static/harbour-at-dawn.svg\""))
            #expect(html.contains("<figcaption>The harbour at dawn"))
            #expect(html.components(separatedBy: "<p>").count > 5, "distinct paragraphs")
            #expect(html.contains("href=\"/authors/ada/feed.atom\""))
            // The reply sits inside its parent's list item.
            let thread = html.snippet(after: "Comment by Charles Babbage", length: 3_000)
            #expect(thread.contains("<ol>") && thread.contains("Comment by Ada Lovelace"))
            #expect(html.contains("4 comments"))
            #expect(html.contains("Leave a reply") && html.contains("Your email address will not be published."))
            #expect(html.contains("name=\"email\" type=\"email\"") && html.contains("aria-required=\"true\""))
            #expect(html.contains("name=\"nickname\"") && html.contains("class=\"trap\" aria-hidden=\"true\""))
            #expect(html.contains("name=\"token\" value=\""))
            #expect(!html.contains("@example.com"))
            // The held demo comment shows nowhere; the closed post has no form.
            let merges = try await server.page("/posts/three-way-merges-for-prose").bodyText
            #expect(merges.contains("Margaret Hamilton") && !merges.contains("Unknown Visitor"))
            let closed = try await server.page("/posts/a-note-on-moderation").bodyText
            #expect(closed.contains("Comments are closed.") && !closed.contains("<form class=\"reply\""))
        }
    }

    @Test("markup in a post or comment shows as text")
    func escaping() async throws {
        try await LiveServer.run { server in
            let (post, _, _) = try await server.authorWithPost(
                title: "Tags <b>in</b> titles", body: "Hello <script>alert(1)</script> world.")
            _ = try await CommentPublisher(dependencies: server.dependencies).publish(
                CreateCommentRequest(authorName: "<i>Eve</i>", authorEmail: "eve@example.com", body: "<img src=x onerror=alert(2)>"),
                postId: post.id, user: nil)
            let html = try await server.page("/posts/\(post.slug)").bodyText
            #expect(html.contains("Hello &lt;script&gt;alert(1)&lt;/script&gt; world."))
            #expect(html.contains("Tags &lt;b&gt;in&lt;/b&gt; titles"))
            #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;") && html.contains("&lt;i&gt;Eve&lt;/i&gt;"))
            #expect(!html.contains("<script") && !html.contains("<img src=x") && !html.contains("<i>Eve"))
            #expect(!html.contains("eve@example.com"))
        }
    }

    @Test("author, tag and search pages list the right posts; Older posts pages on; random redirects to a post")
    func lists() async throws {
        try await LiveServer.run { server in
            let (_, token, author) = try await server.authorWithPost(title: "Zebra crossings", tags: ["roads"])
            for index in 1...11 {
                _ = try await server.createPost(
                    CreatePostRequest(title: "Numbered post \(index)", body: "Body \(index).", tags: ["numbers"]), token: token)
            }
            let front = try await server.page("/").bodyText
            #expect(front.components(separatedBy: "<article class=\"summary\">").count - 1 == BlogRoutes.pageSize)
            let older = try #require(front.snippet(after: "href=\"/?cursor=", length: 200)
                .split(separator: "\"").dropFirst().first.map(String.init))
            let second = try await server.page(older).bodyText
            #expect(second.components(separatedBy: "<article class=\"summary\">").count - 1 == 2)
            #expect(second.contains("Newest posts") && !second.contains("Older posts"))
            #expect((front + second).components(separatedBy: ">Zebra crossings</a>").count == 2, "each post once")
            let byAuthor = try await server.page("/authors/\(author.username)")
            #expect(byAuthor.status == .ok && byAuthor.bodyText.contains("Posts by \(author.displayName)"))
            #expect(byAuthor.bodyText.contains("href=\"/authors/\(author.username)/feed.atom\""))
            let tagged = try await server.page("/tags/roads").bodyText
            #expect(tagged.contains("Zebra crossings") && !tagged.contains("Numbered post"))
            let found = try await server.page("/search?q=zebra").bodyText
            #expect(found.contains("Zebra crossings") && !found.contains("Numbered post 3<"))
            #expect(try await server.page("/search").bodyText.contains("Type a word"))
            let random = try await server.page("/random")
            #expect(random.status == .seeOther)
            #expect(random.headers[.location]?.hasPrefix("/posts/") == true)
            #expect(random.headers[.cacheControl] == "no-store")
        }
    }

    @Test("HTML routes answer HTML errors; /v1 and API clients keep problem+json")
    func errors() async throws {
        try await LiveServer.run { server in
            let missing = try await server.page("/posts/no-such-post")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "text/html; charset=utf-8")
            #expect(missing.bodyText.contains("<h1>Page not found</h1>"))
            #expect(try await server.page("/nowhere").headers[.contentType] == "text/html; charset=utf-8")
            #expect(try await server.page("/authors/nobody").status == .notFound)
            let badCursor = try await server.page("/?cursor=garbage!")
            #expect(badCursor.status == .badRequest && badCursor.bodyText.contains("<!DOCTYPE html>"))
            let api = try await server.page("/v1/nothing-here")
            #expect(api.status == .notFound && api.headers[.contentType] == Problem.mediaType)
            let script = try await server.send(.get, "/nowhere")
            #expect(script.status == .notFound && script.headers[.contentType] == Problem.mediaType)
            let wrongMethod = try await server.send(.delete, "/posts/anything")
            #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.headers[.allow] == "GET, HEAD")
        }
    }

    @Test("the stylesheet has a content hash in its name and a year-long cache; images are served")
    func staticFiles() async throws {
        try await LiveServer.run { server in
            let html = try await server.page("/").bodyText
            let path = try #require(html.snippet(after: "href=\"/static/site-", length: 80)
                .split(separator: "\"").dropFirst().first.map(String.init))
            #expect(path.range(of: #"^/static/site-[0-9a-f]{10}\.css$"#, options: .regularExpression) != nil)
            let css = try await server.page(path)
            #expect(css.status == .ok && css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(css.bodyText.contains("prefers-color-scheme: dark") && css.bodyText.contains("65ch"))
            let image = try await server.page("/static/harbour-at-dawn.svg")
            #expect(image.status == .ok && image.headers[.contentType] == "image/svg+xml")
            #expect(try await server.page("/static/site.css").status == .notFound)
            #expect(try await server.page("/static/..%2Fopenapi.json").status == .notFound)
        }
    }
}
