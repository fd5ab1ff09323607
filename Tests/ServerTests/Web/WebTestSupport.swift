import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer

extension LiveServer {
    /// GETs a page as a browser would (`Accept: text/html`).
    func page(_ path: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.accept] = "text/html,application/xhtml+xml"
        return try await client.executeRequest(uri: path, method: .get, headers: headers, body: nil)
    }

    /// POSTs `fields` as `application/x-www-form-urlencoded`, the way a browser sends a form.
    func postForm(_ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        try await client.executeRequest(
            uri: path, method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .accept: "text/html"],
            body: ByteBuffer(string: Self.formEncoded(fields)))
    }

    /// Form encoding: spaces as `+`, everything but unreserved characters percent-encoded.
    static func formEncoded(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~ ")
        return fields.map { name, value in
            let encoded = value.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: " ", with: "+")
            return "\(name)=\(encoded)"
        }.joined(separator: "&")
    }

    /// An author with one published post titled `title`; returns the post and the author's token.
    func authorWithPost(
        title: String = "A Post Worth Reading", body: String = "First paragraph.\n\nSecond paragraph.",
        tags: [String] = ["essays"], commentStatus: CommentStatus? = nil
    ) async throws -> (post: Post, token: String, author: User) {
        let (_, token, author) = try await adminAndAuthor()
        let post = try await createPost(
            CreatePostRequest(title: title, body: body, tags: tags, status: .published, commentStatus: commentStatus),
            token: token)
        return (post, token, author)
    }

    /// Every approved and held comment on a post, straight from the store.
    func storedComments(on post: Post) async throws -> [Comment] {
        var all: [Comment] = []
        for status in [CommentModerationStatus.approved, .pending, .spam] {
            all += try await dependencies.comments.comments(postId: post.id, status: status, limit: 100, position: .start).comments
        }
        return all
    }
}

extension String {
    /// This text from the first `marker` on, at most `length` characters; empty when `marker` is absent.
    func snippet(after marker: String, length: Int = 600) -> String {
        guard let range = range(of: marker) else { return "" }
        return String(self[range.lowerBound...].prefix(length))
    }
}
