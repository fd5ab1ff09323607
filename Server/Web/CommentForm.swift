import Crypto
import Foundation
import SatchelShared

/// The fields of the "Leave a reply" form as the browser posts them (`application/x-www-form-urlencoded`).
struct CommentFormInput: Decodable, Sendable, Equatable {
    var name: String?
    var email: String?
    var website: String?
    var body: String?
    var parentId: String?
    /// The honeypot: hidden from people, so only bots fill it in.
    var nickname: String?
    /// The idempotency token the form was rendered with.
    var token: String?

    /// The API request these fields stand for, or the field errors that stop it being made.
    func request() -> Result<CreateCommentRequest, CommentFormErrors> {
        var parent: UUID?
        if let text = parentId?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let id = UUID(uuidString: text) else {
                return .failure(CommentFormErrors([FieldError(field: "parentId", message: "must name a comment.")]))
            }
            parent = id
        }
        return .success(CreateCommentRequest(
            authorName: name, authorEmail: email, authorUrl: website, body: body ?? "", parentId: parent,
            nickname: nickname.flatMap { $0.isEmpty ? nil : $0 }))
    }
}

/// Field errors of the form, keyed by the form's own field names.
struct CommentFormErrors: Error, Sendable, Equatable {
    /// Message per form field (`name`, `email`, `website`, `body`, `parentId`).
    let messages: [String: String]

    /// Translates the API's field names (`authorEmail`) into the form's (`email`), wording each as a sentence.
    init(_ errors: [FieldError]) {
        var messages: [String: String] = [:]
        for error in errors {
            let field = Self.formField(forAPIField: error.field)
            let label = CommentFormView.labels[field] ?? "This field"
            let message = error.message == "must not be empty." ? "is required." : error.message
            if messages[field] == nil { messages[field] = "\(label) \(message)" }
        }
        self.messages = messages
    }

    static func formField(forAPIField field: String) -> String {
        switch field {
        case "authorName": "name"
        case "authorEmail": "email"
        case "authorUrl": "website"
        default: field
        }
    }
}

/// The form as the page shows it: values typed so far, an error beside each field that has one.
struct CommentFormView {
    /// One labelled input.
    struct Field {
        let name: String
        let label: String
        let inputType: String
        let autocomplete: String
        let value: String
        let required: Bool
        let multiline: Bool
        let error: String?
        let hint: String?
    }

    static let labels = ["name": "Name", "email": "Email", "website": "Website", "body": "Comment", "parentId": "Reply"]

    let token: String
    let parentId: String?
    let replyingTo: String?
    let hasErrors: Bool
    let generalError: String?
    let fields: [Field]

    /// A form filled with `input` (nothing on a fresh page) and `errors` beside their fields.
    init(token: String, input: CommentFormInput = .init(), errors: CommentFormErrors? = nil,
         parentId: UUID? = nil, replyingTo: String? = nil) {
        let messages = errors?.messages ?? [:]
        self.token = token
        self.parentId = parentId?.uuidString.lowercased()
        self.replyingTo = replyingTo
        self.hasErrors = !messages.isEmpty
        self.generalError = messages["parentId"]
        func field(_ name: String, type: String, autocomplete: String, value: String?, required: Bool,
                   multiline: Bool = false, hint: String? = nil) -> Field {
            Field(name: name, label: Self.labels[name] ?? name, inputType: type, autocomplete: autocomplete,
                  value: value ?? "", required: required, multiline: multiline, error: messages[name], hint: hint)
        }
        fields = [
            field("body", type: "text", autocomplete: "off", value: input.body, required: true, multiline: true),
            field("name", type: "text", autocomplete: "name", value: input.name, required: true),
            field("email", type: "email", autocomplete: "email", value: input.email, required: true,
                  hint: "Your email address will not be published."),
            field("website", type: "url", autocomplete: "url", value: input.website, required: false),
        ]
    }

    /// The form's idempotency token: the same for every reader of the same version of a post, so the
    /// page stays byte-identical (a strong `ETag`, 304s) while a double click or a resent form still
    /// lands once. The server keys a submission by this token *and* the submitted fields, so two
    /// different comments sent from one rendering of the page are never taken for one.
    static func token(for post: Post) -> String {
        let seed = "comment-form|\(post.id)|\(post.version)|\(post.commentCount)"
        return SHA256.hash(data: Data(seed.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
