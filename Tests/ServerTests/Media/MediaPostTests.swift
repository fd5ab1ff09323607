import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SatchelShared
import SatchelTestSupport
import Testing
@testable import SatchelServer

@Suite("Media in posts")
struct MediaPostTests {
    @Test("publishing a post whose images have no alt text is refused, naming them; drafts may hold them")
    func altTextRequired() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            let media = try await server.uploadReady(TestImages.png(width: 400, height: 300), token: author, fileName: "dusk.png")
            let body = "Intro.\n\n![](media:\(media.id) \"At dusk\")\n"
            let refused = try await server.send(.post, "/v1/posts", json: CreatePostRequest(title: "Dusk", body: body), token: author)
            #expect(refused.status == .unprocessableContent, "\(refused.bodyText)")
            let problem = try refused.problem()
            #expect(problem.type == "/problems/post-images")
            #expect(problem.detail.contains("media:\(media.id.uuidString.lowercased()) (dusk.png)"), "\(problem.detail)")
            let draft = try await server.createPost(CreatePostRequest(title: "Dusk", body: body, status: .draft), token: author)
            let publish = try await server.send(.patch, "/v1/posts/\(draft.id)", json: UpdatePostRequest(status: .published), token: author)
            #expect(publish.status == .unprocessableContent)
            // Alt text in the body, or on the item, makes it publishable.
            let inBody = try await server.send(.post, "/v1/posts", json: CreatePostRequest(
                title: "Dusk 2", body: "![Dusk over the water](media:\(media.id))"), token: author)
            #expect(inBody.status == .created, "\(inBody.bodyText)")
            #expect(try await server.send(.patch, "/v1/media/\(media.id)", json: UpdateMediaRequest(alt: "Dusk"), token: author).status == .ok)
            #expect(try await server.send(.patch, "/v1/posts/\(draft.id)", json: UpdatePostRequest(status: .published), token: author).status == .ok)
        }
    }

    @Test("another author's image, or one that does not exist, cannot be published in a post, and is never shown")
    func otherAuthorsMedia() async throws {
        try await LiveServer.run { server in
            let (admin, author, _) = try await server.adminAndAuthor()
            let (_, other) = try await server.register("other", role: .author, adminToken: admin)
            let theirs = try await server.uploadReady(TestImages.png(width: 300, height: 200), token: other)
            _ = try await server.send(.patch, "/v1/media/\(theirs.id)", json: UpdateMediaRequest(alt: "Theirs"), token: other)
            for body in ["![x](media:\(theirs.id))", "![x](media:\(UUID()))"] {
                let refused = try await server.send(.post, "/v1/posts", json: CreatePostRequest(title: "Borrowed", body: body), token: author)
                #expect(refused.status == .unprocessableContent, "\(refused.bodyText)")
                #expect(try refused.problem().errors?.first?.field == "body")
            }
            // A draft may name it; published by an admin's edit of the status, the page still leaves it out.
            let draft = try await server.createPost(CreatePostRequest(
                title: "Borrowed", body: "Text.\n\n![x](media:\(theirs.id))", status: .draft), token: author)
            let store = server.dependencies.posts
            var post = try #require(try await store.post(id: draft.id))
            post.status = .published
            post.publishedAt = Date()
            _ = try await store.updatePost(post, expectedVersion: post.version)
            let page = try await server.page("/posts/\(draft.slug)")
            #expect(page.status == .ok)
            #expect(!page.bodyText.contains(theirs.variants[0].digest.hex))
        }
    }

    @Test("a post's page shows its figures as pictures with srcset, sizes, width and height; lazy but the featured; og:image; feeds absolute")
    func pageAndFeed() async throws {
        try await LiveServer.run { server in
            let (_, author, _) = try await server.adminAndAuthor()
            var items: [Media] = []
            for (width, alt) in [(1000, "Harbour"), (700, "Boats"), (500, "Gulls")] {
                let media = try await server.uploadReady(TestImages.png(width: width, height: width / 2), token: author)
                let edited = try await server.send(.patch, "/v1/media/\(media.id)", json: UpdateMediaRequest(alt: alt, caption: "\(alt) caption"), token: author)
                items.append(try edited.decode(Media.self))
            }
            let body = """
                ![](media:\(items[0].id))

                The morning was **calm**.

                ![](media:\(items[1].id) "Boats leaving")

                | tide | time |
                |------|------|
                | high | 6:10 |

                ![](media:\(items[2].id))
                """
            let post = try await server.createPost(CreatePostRequest(title: "Harbour", body: body), token: author)
            let page = try await server.page("/posts/\(post.slug)")
            let html = page.bodyText
            #expect(page.status == .ok)
            #expect(html.contains("<figure class=\"featured media\"><picture>"))
            #expect(html.contains("<strong>calm</strong>") && html.contains("<table>"))
            #expect(html.components(separatedBy: "<img ").count - 1 == 3)
            #expect(html.components(separatedBy: "loading=\"lazy\"").count - 1 == 2, "all but the featured image are lazy")
            #expect(html.contains("fetchpriority=\"high\""))
            #expect(html.contains("<figcaption>Boats leaving</figcaption>") && html.contains("<figcaption>Harbour caption</figcaption>"))
            #expect(html.contains("width=\"1000\" height=\"500\" alt=\"Harbour\""))
            #expect(html.contains("srcset=\"/media/") && html.contains(" 320w, /media/") && html.contains("sizes=\""))
            let largest = try #require(items[0].variants.last { $0.mediaType == "image/jpeg" })
            #expect(html.contains("<meta property=\"og:image\" content=\"http://") && html.contains("\(largest.url)\">"))
            // Every image on the page is served.
            for variant in items.flatMap(\.variants) {
                #expect(try await server.fetchBytes(variant.url).status == .ok)
            }
            let feed = try await server.page("/feed.atom").bodyText
            #expect(feed.contains("srcset=&quot;http://"), "feeds carry absolute image addresses")
            #expect(!feed.contains("src=&quot;/media/"))
        }
    }

    @Test("an explicit featuredMediaId is the featured image (the author's own only); the body's figures stay lazy")
    func explicitFeatured() async throws {
        try await LiveServer.run { server in
            let (admin, author, _) = try await server.adminAndAuthor()
            let (_, other) = try await server.register("other", role: .author, adminToken: admin)
            let cover = try await server.uploadReady(TestImages.png(width: 700, height: 350), token: author)
            let inline = try await server.uploadReady(TestImages.png(width: 400, height: 200), token: author)
            let theirs = try await server.uploadReady(TestImages.png(width: 300, height: 200), token: other)
            for (id, alt) in [(cover.id, "Cover"), (inline.id, "Inline")] {
                _ = try await server.send(.patch, "/v1/media/\(id)", json: UpdateMediaRequest(alt: alt), token: author)
            }
            let refused = try await server.send(.post, "/v1/posts", json: CreatePostRequest(
                title: "Borrowed cover", body: "Text.", featuredMediaId: theirs.id), token: author)
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.problem().errors?.first?.field == "featuredMediaId")
            let post = try await server.createPost(CreatePostRequest(
                title: "Covered", body: "![](media:\(inline.id))\n\nText.", featuredMediaId: cover.id), token: author)
            #expect(post.featuredMediaId == cover.id)
            let html = try await server.page("/posts/\(post.slug)").bodyText
            #expect(html.contains("<figure class=\"featured media\">"))
            #expect(html.contains("alt=\"Cover\" fetchpriority=\"high\""))
            #expect(html.contains("alt=\"Inline\" loading=\"lazy\""))
            let changed = try await server.send(
                .patch, "/v1/posts/\(post.id)", json: UpdatePostRequest(featuredMediaId: inline.id), token: author)
            #expect(try changed.decode(Post.self).featuredMediaId == inline.id)

            // An empty id drops the featured image: the body's first figure is featured again; null changes nothing.
            let kept = try await server.send(
                .patch, "/v1/posts/\(post.id)", raw: #"{"featuredMediaId":null}"#, token: author)
            #expect(try kept.decode(Post.self).featuredMediaId == inline.id)
            let cleared = try await server.send(
                .patch, "/v1/posts/\(post.id)", json: UpdatePostRequest(clearsFeaturedMedia: true), token: author)
            #expect(cleared.status == .ok)
            #expect(try cleared.decode(Post.self).featuredMediaId == nil)
            let bare = try await server.page("/posts/\(post.slug)").bodyText
            #expect(bare.contains("alt=\"Inline\" fetchpriority=\"high\""), "the body's first figure is featured again")
            let malformed = try await server.send(
                .patch, "/v1/posts/\(post.id)", raw: #"{"featuredMediaId":"not-an-id"}"#, token: author)
            #expect(malformed.status == .badRequest)
        }
    }
}
