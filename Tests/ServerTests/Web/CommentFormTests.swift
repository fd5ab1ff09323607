import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

@Suite("The comment form over HTTP")
struct CommentFormTests {
    static func fields(
        name: String = "Ada Reader", email: String = "reader@example.com", body: String = "A thoughtful reply.",
        token: String = "00112233445566778899aabbccddeeff", extra: [(String, String)] = []
    ) -> [(String, String)] {
        [("body", body), ("name", name), ("email", email), ("website", ""), ("nickname", ""), ("token", token)] + extra
    }

    @Test("a missing email comes back as 422 with the typed text kept and the error beside the field")
    func missingEmail() async throws {
        try await LiveServer.run { server in
            let (post, _, _) = try await server.authorWithPost()
            let response = try await server.postForm(
                "/posts/\(post.slug)/comments", Self.fields(name: "Typed Name", email: "", body: "Kept <text> here"))
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let html = response.bodyText
            #expect(html.contains(">Kept &lt;text&gt; here</textarea>"))
            #expect(html.contains("name=\"name\" type=\"text\" value=\"Typed Name\""))
            let emailField = html.snippet(after: "<label for=\"field-email\">", length: 700)
            #expect(emailField.contains("aria-invalid=\"true\" aria-describedby=\"error-email\""))
            #expect(emailField.contains("<p class=\"field-error\" id=\"error-email\">Email is required.</p>"))
            #expect(!html.snippet(after: "<label for=\"field-name\">", length: 300).contains("aria-invalid"))
            #expect(try await server.storedComments(on: post).isEmpty, "a refused form stores nothing")
        }
    }

    @Test("a valid comment is a 303 back to the post where it shows; a resent form makes no second comment")
    func publishAndReplay() async throws {
        try await LiveServer.run { server in
            let (post, _, _) = try await server.authorWithPost()
            let form = Self.fields(body: "Published at once.")
            let response = try await server.postForm("/posts/\(post.slug)/comments", form)
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            #expect(location.hasPrefix("/posts/\(post.slug)?comment=published#comment-"))
            let page = try await server.page(String(location.prefix { $0 != "#" })).bodyText
            #expect(page.contains("Thank you: your comment is published."))
            #expect(page.contains("<p class=\"comment-body\">Published at once.</p>") && page.contains("Ada Reader"))
            #expect(!page.contains("reader@example.com"))
            let replay = try await server.postForm("/posts/\(post.slug)/comments", form)
            #expect(replay.status == .seeOther && replay.headers[.location] == location)
            #expect(try await server.storedComments(on: post).count == 1, "one comment for two submissions")
            // Another comment sent from the same rendering of the page is a new comment.
            let other = try await server.postForm("/posts/\(post.slug)/comments", Self.fields(body: "A second thought."))
            #expect(other.status == .seeOther && other.headers[.location] != location)
            #expect(try await server.storedComments(on: post).count == 2)
        }
    }

    @Test("two copies of one form sent at once (a double click) make one comment")
    func doubleClick() async throws {
        try await LiveServer.run { server in
            let (post, _, _) = try await server.authorWithPost()
            let form = Self.fields(body: "Clicked twice.")
            async let first = server.postForm("/posts/\(post.slug)/comments", form)
            async let second = server.postForm("/posts/\(post.slug)/comments", form)
            let (a, b) = try await (first, second)
            #expect(a.status == .seeOther && b.status == .seeOther)
            #expect(a.headers[.location] == b.headers[.location])
            #expect(try await server.storedComments(on: post).count == 1)
        }
    }

    @Test("a held comment redirects to the moderation notice and is not shown; the honeypot marks spam")
    func held() async throws {
        try await LiveServer.run { server in
            let (post, _, _) = try await server.authorWithPost()
            let links = "See http://a.example and http://b.example and http://c.example please"
            let response = try await server.postForm("/posts/\(post.slug)/comments", Self.fields(body: links))
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            #expect(location == "/posts/\(post.slug)?comment=held#comments")
            let page = try await server.page("/posts/\(post.slug)?comment=held").bodyText
            #expect(page.contains("Your comment is awaiting moderation."))
            #expect(!page.contains("http://a.example"))
            let bot = try await server.postForm(
                "/posts/\(post.slug)/comments", Self.fields(body: "Buy now", extra: [("nickname", "bot")]).filter { $0 != ("nickname", "") })
            #expect(bot.headers[.location] == "/posts/\(post.slug)?comment=held#comments")
            let stored = try await server.storedComments(on: post)
            #expect(stored.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.pending, .spam])
        }
    }

    @Test("a reply names its parent and shows nested under it")
    func reply() async throws {
        try await LiveServer.run { server in
            let (post, _, _) = try await server.authorWithPost()
            let first = try await server.postForm("/posts/\(post.slug)/comments", Self.fields(body: "The first word."))
            let parentId = try #require(first.headers[.location]?.components(separatedBy: "#comment-").last)
            let form = try await server.page("/posts/\(post.slug)?replyto=\(parentId)").bodyText
            #expect(form.contains("Reply to Ada Reader") && form.contains("name=\"parentId\" value=\"\(parentId)\""))
            let reply = try await server.postForm(
                "/posts/\(post.slug)/comments", Self.fields(name: "Bo", body: "The second word.", extra: [("parentId", parentId)]))
            #expect(reply.status == .seeOther)
            let page = try await server.page("/posts/\(post.slug)").bodyText
            let thread = page.snippet(after: "id=\"comment-\(parentId)\"", length: 2_000)
            #expect(thread.contains("<ol>") && thread.contains("The second word."))
            let stranger = try await server.postForm(
                "/posts/\(post.slug)/comments", Self.fields(body: "Orphan", extra: [("parentId", UUID().uuidString)]))
            #expect(stranger.status == .unprocessableContent)
            #expect(stranger.bodyText.contains("must name a published comment on the same post."))
        }
    }

    @Test("the API's rate limit covers the form: a 429 HTML page with Retry-After")
    func rateLimited() async throws {
        try await LiveServer.run(rateLimiter: RateLimiter(capacity: 1, per: 3_600)) { server in
            let (post, _, _) = try await server.authorWithPost()
            #expect(try await server.postForm("/posts/\(post.slug)/comments", Self.fields(body: "One.")).status == .seeOther)
            let limited = try await server.postForm("/posts/\(post.slug)/comments", Self.fields(body: "Two."))
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
            #expect(limited.headers[.contentType] == "text/html; charset=utf-8")
            #expect(limited.bodyText.contains("<h1>Too many requests</h1>"))
            // The API shares the allowance.
            let api = try await server.send(
                .post, "/v1/posts/\(post.id)/comments",
                json: CreateCommentRequest(authorName: "A", authorEmail: "a@example.com", body: "Three."))
            #expect(api.status == .tooManyRequests)
        }
    }

    @Test("closed posts, unknown posts and unreadable forms are refused with HTML pages")
    func refusals() async throws {
        try await LiveServer.run { server in
            let (post, _, _) = try await server.authorWithPost(commentStatus: .closed)
            let closed = try await server.postForm("/posts/\(post.slug)/comments", Self.fields())
            #expect(closed.status == .forbidden && closed.bodyText.contains("Comments are closed on this post."))
            #expect(try await server.postForm("/posts/missing/comments", Self.fields()).status == .notFound)
            let garbage = try await server.client.executeRequest(
                uri: "/posts/\(post.slug)/comments", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "body=%ZZ&&=="))
            #expect(garbage.status == .badRequest && garbage.bodyText.contains("The form could not be read"))
            #expect(garbage.headers[.contentType] == "text/html; charset=utf-8")
            let json = try await server.send(.post, "/posts/\(post.slug)/comments", raw: "{\"body\":\"Hi\"}")
            #expect(json.status == .unsupportedMediaType && json.headers[.contentType] == "text/html; charset=utf-8")
            #expect(try await server.storedComments(on: post).isEmpty)
        }
    }
    @Test("bytes that are not UTF-8, percent-encoded or raw, are refused with the form's 422, as the API refuses them")
    func invalidUTF8() async throws {
        try await LiveServer.run { server in
            let (post, _, _) = try await server.authorWithPost()
            let valid = LiveServer.formEncoded(Self.fields(body: "ignored")).replacingOccurrences(of: "body=ignored&", with: "")
            var raw = Data("body=Caf".utf8)
            raw.append(0xE9)  // Latin-1 "é", not UTF-8
            raw.append(contentsOf: Data(("&" + valid).utf8))
            let badName = LiveServer.formEncoded(Self.fields(name: "NAME", body: "Fine")).replacingOccurrences(
                of: "name=NAME", with: "name=%C3%28")
            for body in [Data(("body=Caf%E9+au+lait&" + valid).utf8), raw, Data(badName.utf8)] {
                let response = try await server.client.executeRequest(
                    uri: "/posts/\(post.slug)/comments", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .accept: "text/html"],
                    body: ByteBuffer(bytes: body))
                #expect(response.status == .unprocessableContent, "\(String(decoding: body, as: UTF8.self))")
                #expect(response.bodyText.contains("must be valid UTF-8 text."))
            }
            #expect(try await server.storedComments(on: post).isEmpty, "no U+FFFD comment was published")
        }
    }
}
