import Crypto
import Foundation
import Hummingbird
import SatchelHTTP
import SatchelShared
import SatchelSync
import SatchelStores

/// `POST /posts/{slug}/comments`: the "Leave a reply" form, Post/Redirect/Get.
///
/// The form takes the API's path: the same rate limit, the same ``CommentPublisher`` (validation and
/// moderation) and the same ``IdempotentPOST`` store, keyed by the form's token and its fields.
/// Success is a 303 back to the post; a field error is the post page again, status 422, with the
/// form filled in and each error beside its field.
struct CommentFormRoutes {
    let dependencies: ServerDependencies

    /// How long a resent form waits for its first copy (a double click) to finish, in 50 ms steps.
    static let inProgressRetries = 40

    func register(on router: Router<SatchelRequestContext>) {
        router.post("/posts/{slug}/comments") { request, context in try await submit(request, context) }
    }

    private func submit(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let pages = PostPageRoutes(dependencies: dependencies)
        let post = try await dependencies.postLookup.publishedPost(slug: context.parameters.get("slug") ?? "")
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw APIError.unsupportedMediaType("The comment form is sent as application/x-www-form-urlencoded.")
        }
        var request = request
        let data = try await request.bodyData(context: context)
        // A value that is not UTF-8 is refused beside its field (422), never read as U+FFFD.
        let (invalidFields, repaired) = FormEncodingCheck.check(data)
        let input: CommentFormInput
        do {
            input = try URLEncodedFormDecoder().decode(CommentFormInput.self, from: String(decoding: repaired, as: UTF8.self))
        } catch {
            throw APIError.malformedBody("The form could not be read; send it from the comment form on the post's page.")
        }
        let keyed = Self.keyed(request, token: input.token, form: data)
        let idempotent = IdempotentPOST(store: dependencies.idempotency, clock: dependencies.clock)
        var attempt = 0
        while true {
            do {
                return try await idempotent.run(keyed, context: context) { _ in
                    try await publish(
                        input, invalidFields: invalidFields, on: post, pages: pages, request: request, context: context)
                }
            } catch let error as APIError where error.status == .conflict && attempt < Self.inProgressRetries {
                attempt += 1
                try await Task.sleep(for: .milliseconds(50))  // the first copy of a double click is still running
            }
        }
    }

    /// Spends the rate limit, then publishes through ``CommentPublisher``; a refusal (a field that is not
    /// UTF-8 among them, as the API refuses it) renders the form again.
    private func publish(
        _ input: CommentFormInput, invalidFields: [String], on post: Post, pages: PostPageRoutes, request: Request,
        context: SatchelRequestContext
    ) async throws -> StoredResponse {
        let publisher = CommentPublisher(dependencies: dependencies)
        try await publisher.spendRateLimit(for: context.rateLimitKey)
        if !invalidFields.isEmpty {
            let errors = invalidFields.map { FieldError(field: $0, message: "must be valid UTF-8 text.") }
            return try await refused(post, input, CommentFormErrors(errors), pages: pages, request: request)
        }
        let body: CreateCommentRequest
        switch input.request() {
        case .failure(let errors): return try await refused(post, input, errors, pages: pages, request: request)
        case .success(let request): body = request
        }
        do {
            let comment = try await publisher.publish(body, postId: post.id, user: context.user)
            let page = "/posts/\(WebSite.pathSegment(post.slug))"
            let location = comment.status == .approved
                ? "\(page)?comment=published#comment-\(comment.id.uuidString.lowercased())"
                : "\(page)?comment=held#comments"
            return StoredResponse(status: 303, headers: ["Location": location, "Cache-Control": "no-store"], body: Data())
        } catch let refusal as CommentRefusal {
            switch refusal {
            case .invalid(let errors):
                return try await refused(post, input, CommentFormErrors(errors), pages: pages, request: request)
            case .postNotFound: throw APIError.notFound("The post '\(post.slug)'")
            case .commentsClosed: throw APIError.forbidden("Comments are closed on this post.")
            }
        }
    }

    /// The post page with the form filled in and the errors beside their fields: 422, never stored.
    private func refused(
        _ post: Post, _ input: CommentFormInput, _ errors: CommentFormErrors, pages: PostPageRoutes, request: Request
    ) async throws -> StoredResponse {
        let replyTo = errors.messages["parentId"] == nil ? input.parentId.flatMap(UUID.init(uuidString:)) : nil
        let html = try await pages.render(post, request: request, replyTo: replyTo, input: input, errors: errors)
        return StoredResponse(
            status: 422, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"],
            body: Data(html.utf8))
    }

    /// The request with an `Idempotency-Key` made of the form's token and a hash of its fields, so a
    /// resent form is one comment and a different comment from the same page is another.
    static func keyed(_ request: Request, token: String?, form: Data) -> Request {
        guard let token, (1...64).contains(token.count), token.allSatisfy({ $0.isHexDigit }) else { return request }
        let digest = SHA256.hash(data: form).prefix(16).map { String(format: "%02x", $0) }.joined()
        var head = request.head
        head.headerFields[IdempotentPOST.keyHeader] = "form-\(token)-\(digest)"
        return Request(head: head, body: request.body)
    }
}
