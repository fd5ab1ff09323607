import Foundation
import SatchelFetch
import SatchelHTTP
import SatchelPageCapture
import SatchelShared
import SatchelStores
import SatchelSync

/// `POST /v1/captures` without HTTP: captures an address with the same capturer a reader's machine uses,
/// stores its files as the caller's blobs, then saves the article through the caller's sync feed (so every
/// machine of theirs pulls it). Nothing is written until the capture has ended: a server killed midway
/// leaves no article, only unreferenced blobs the blob collector removes.
struct CaptureService {
    let dependencies: ServerDependencies

    /// The sync client id the server's own saves are recorded under.
    static let clientId = "server-capture"
    /// Largest `html` a request may carry (the page limit of the fetcher).
    static let maxHTMLBytes = 10 << 20

    /// Captures `body.url` into `user`'s reading list, with `tags` (a follow's name) and a `title` known before the
    /// page is read (a feed entry's); returns the response and whether it made an article.
    func capture(
        _ body: CaptureRequest, user: User, tags: [String] = [], title: String? = nil
    ) async throws -> (CaptureResponse, created: Bool) {
        var validator = FieldValidator()
        let url = validator.text(body.url, field: "url", maxLength: 2048) ?? ""
        if !url.isEmpty, !Self.isWebAddress(url) {
            validator.fail("url", "must be an absolute http or https address.")
        }
        if let html = body.html {
            if html.utf8.count > Self.maxHTMLBytes {
                validator.fail("html", "may be at most \(Self.maxHTMLBytes) bytes.")
            } else if TextRules.containsNUL(html) {
                validator.fail("html", TextRules.nulProblem + ".")
            }
        }
        try validator.check()
        guard URLNormalizer.normalize(url) != nil else {
            throw Self.refused("\(url.prefix(200)) is not an address Satchel can fetch.")
        }
        if let existing = try await savedArticle(matching: url, user: user) {
            return (CaptureResponse(article: existing, alreadySaved: true, failedImages: 0), false)
        }
        let capturer = PageCapturer(fetcher: dependencies.captureFetcher)
        let now = dependencies.clock()
        var fields = SyncSchema.defaults(of: .savedArticle)
        let host = URL(string: url)?.host ?? url
        fields["url"] = .string(url)
        fields["title"] = .string(host)
        fields["siteName"] = .string(host)
        fields["savedAt"] = .string(SatchelJSON.string(from: now))
        if !tags.isEmpty { fields["tags"] = .array(tags.map(JSONValue.string)) }
        if let title, !title.isEmpty { fields["title"] = .string(String(title.prefix(500))) }
        var failedImages = 0
        do {
            let result = try await capturer.capture(url: url, html: body.html.map { Array($0.utf8) }, now: now)
            if let existing = try await savedArticle(matching: result.finalURL, user: user) {
                return (CaptureResponse(article: existing, alreadySaved: true, failedImages: 0), false)
            }
            try await store(result.files, user: user)
            CaptureRecordFields.apply(result, to: &fields, at: now)
            failedImages = result.failedImages
        } catch let failure as CaptureFailure {
            if failure.kind == .refused { throw Self.refused(failure.reason) }
            CaptureRecordFields.applyFailure(failure.reason, to: &fields)
        }
        let id = UUID.timeOrdered()
        try await save(fields, id: id, user: user, now: now)
        let article = SavedArticle(id: id, fields: fields, updatedAt: now, deleted: false)
        return (CaptureResponse(article: article, alreadySaved: false, failedImages: failedImages), true)
    }

    /// 403: the server will not fetch this address (private, loopback, another port, unparseable); nothing
    /// is saved.
    static func refused(_ reason: String) -> APIError {
        APIError(.forbidden, type: "/problems/capture-refused", title: "Address refused", detail: reason + " Nothing was saved.")
    }

    /// `http://` or `https://` (any case) and a host's first character: what the API's schema says a `url` is
    /// (`^[Hh][Tt][Tt][Pp][Ss]?://[^/?#\s]`); whether the rest can be fetched is the fetcher's to say.
    static func isWebAddress(_ url: String) -> Bool {
        let lowered = url.prefix(8).lowercased()
        let rest: Substring
        if lowered.hasPrefix("http://") {
            rest = url.dropFirst(7)
        } else if lowered.hasPrefix("https://") {
            rest = url.dropFirst(8)
        } else {
            return false
        }
        guard let first = rest.unicodeScalars.first else { return false }
        return !"/?#".unicodeScalars.contains(first) && !first.properties.isWhitespace
    }

    /// Stores the capture's files as the user's blobs, each committed whole (within the blob limits).
    private func store(_ files: [CapturedFile], user: User) async throws {
        let store = dependencies.blobs
        let limits = dependencies.blobLimits
        var usage = try await store.blobUsage(userId: user.id).bytes
        for file in files {
            let attachment = file.attachment
            if try await store.blob(userId: user.id, digest: attachment.digest) != nil { continue }
            guard attachment.size <= limits.maxBlobBytes else { throw BlobProblems.tooLarge(limit: limits.maxBlobBytes) }
            guard usage + attachment.size <= limits.quotaBytes else {
                throw BlobProblems.quotaExceeded(quota: limits.quotaBytes, usage: usage)
            }
            let stage = BlobStage(
                id: UploadSessionId.make(), userId: user.id, digest: attachment.digest, size: attachment.size,
                mediaType: attachment.mediaType, writtenAt: dependencies.clock())
            try await store.createStage(stage)
            do {
                try await store.appendToStage(userId: user.id, id: stage.id, offset: 0, bytes: [UInt8](file.bytes))
                _ = try await store.commitStage(userId: user.id, id: stage.id, now: dependencies.clock())
            } catch {
                try? await store.deleteStage(userId: user.id, id: stage.id)
                throw error
            }
            usage += attachment.size
        }
    }

    /// Saves the new article as one create in the user's feed, recorded as the server's own change.
    private func save(_ fields: [String: JSONValue], id: UUID, user: User, now: Date) async throws {
        var values = fields
        values["id"] = .string(id.uuidString)
        let changes = values.filter { $0.key != "id" }.mapValues { FieldChange(base: nil, value: $0) }
        let stamp = HLCTimestamp(
            wallMillis: min(Int64(now.timeIntervalSince1970 * 1000), HLCTimestamp.maxWallMillis), counter: 0,
            node: Self.clientId)
        let mutation = Mutation(entity: .savedArticle, recordId: id, op: .create, hlc: stamp, fields: changes)
        let response = try await SyncService(dependencies: dependencies).push(
            PushRequest(clientId: Self.clientId, mutations: [mutation]), user: user)
        guard let result = response.results.first, result.status != .rejected else {
            let reason = response.results.first?.reason ?? "no result"
            throw APIError(
                .internalServerError, type: "/problems/capture-not-saved", title: "Capture not saved",
                detail: "The captured article could not be saved: \(reason)")
        }
    }

    /// The user's saved article holding the same page as `url`, as given or after its redirects.
    private func savedArticle(matching url: String, user: User) async throws -> SavedArticle? {
        try await SavedArticleFeed(dependencies: dependencies).article(matching: url, of: user)
    }
}
