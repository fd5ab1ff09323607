import Foundation
import SatchelShared
import SatchelMarkdown
import Testing
@testable import SatchelServer

@Suite("Blog page parts")
struct WebPartsTests {
    @Test("a leading image of the server's own is the featured figure; paragraphs split at blank lines")
    func bodyBlocks() {
        let body = PostMarkdown.render("![A caption](/static/harbour-at-dawn.svg)\n\nOne.\r\n\r\nTwo\nlines.\n\n\n\n![Inline](/static/x.png)")
        #expect(body.featured?.html == "<figure class=\"featured\"><img src=\"/static/harbour-at-dawn.svg\" alt=\"A caption\"><figcaption>A caption</figcaption></figure>")
        #expect(body.imageURL == "/static/harbour-at-dawn.svg")
        #expect(body.html == "<p>One.</p>\n<p>Two\nlines.</p>\n<figure><img src=\"/static/x.png\" alt=\"Inline\" loading=\"lazy\"><figcaption>Inline</figcaption></figure>\n")
        #expect(PostMarkdown.render("Plain only.").featured == nil)
    }

    @Test("images from other sites and odd paths are never loaded: other sites' become links, the rest text")
    func refusedFigures() {
        for text in ["![x](https://tracker.example/p.gif)", "![x](/static/../openapi.json)", "![x](/static/.hidden)",
                     "![x](/static/)", "![x](/v1/me)", "![x](/static/a b.png)", "![x](javascript:alert(1))"] {
            let rendered = PostMarkdown.render(text)
            #expect(!rendered.html.contains("<img") && rendered.featured == nil, "\(text): \(rendered.html)")
            #expect(!rendered.html.contains("javascript:"), "\(text)")
        }
        #expect(PostMarkdown.render("![x](https://tracker.example/p.gif)").html
            == "<p><a href=\"https://tracker.example/p.gif\" rel=\"nofollow noopener\">x</a></p>\n")
    }

    @Test("comments thread by parentId, oldest first, orphans at the top level")
    func threads() {
        let post = UUID()
        func comment(_ body: String, minute: Double, parent: UUID? = nil) -> Comment {
            let date = Date(timeIntervalSince1970: 1_000 + minute * 60)
            return Comment(
                id: UUID(), postId: post, parentId: parent, authorName: body, authorUrl: nil, emailHash: "", authorEmail: nil,
                userId: nil, body: body, status: .approved, createdAt: date, clientCreatedAt: nil)
        }
        let root = comment("root", minute: 1)
        let later = comment("later root", minute: 5)
        let reply = comment("reply", minute: 2, parent: root.id)
        let nested = comment("nested", minute: 3, parent: reply.id)
        let orphan = comment("orphan", minute: 4, parent: UUID())
        let views = CommentThread.views(of: [nested, later, orphan, reply, root], slug: "p", repliesOpen: true)
        #expect(views.map(\.body) == ["root", "orphan", "later root"])
        #expect(views[0].replies.map(\.body) == ["reply"] && views[0].replies[0].replies.map(\.body) == ["nested"])
        #expect(views[0].hasReplies && !views[1].hasReplies)
        #expect(views[0].replyHref == "/posts/p?replyto=\(root.id.uuidString.lowercased())#respond")
        #expect(CommentThread.views(of: [root], slug: "p", repliesOpen: false).first?.canReply == false)
    }

    @Test("form errors use the form's field names and read as sentences")
    func formErrors() {
        let errors = CommentFormErrors([
            FieldError(field: "authorEmail", message: "must not be empty."),
            FieldError(field: "authorName", message: "is required."),
            FieldError(field: "body", message: "must be at most 10000 characters."),
        ])
        #expect(errors.messages == [
            "email": "Email is required.", "name": "Name is required.",
            "body": "Comment must be at most 10000 characters.",
        ])
        let input = CommentFormInput(name: "A", email: "a@example.com", body: "Hi", parentId: "not-a-uuid")
        guard case .failure(let refused) = input.request() else {
            Issue.record("a malformed parentId must be refused")
            return
        }
        #expect(refused.messages["parentId"] != nil)
    }

    @Test("the form token changes when the post or its comments change, and only then")
    func formToken() {
        let author = Author(id: UUID(), username: "a", displayName: "A")
        let date = Date(timeIntervalSince1970: 0)
        var post = Post(
            id: UUID(), slug: "s", title: "T", excerpt: "", body: "", author: author, tags: [], status: .published,
            publishedAt: date, createdAt: date, updatedAt: date, wordCount: 0, readingTimeMinutes: 1, commentStatus: .open,
            commentCount: 0, version: 1)
        let first = CommentFormView.token(for: post)
        #expect(first.count == 32 && CommentFormView.token(for: post) == first)
        post.commentCount = 1
        #expect(CommentFormView.token(for: post) != first)
    }
}
