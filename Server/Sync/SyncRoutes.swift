import Foundation
import HTTPTypes
import Hummingbird
import SatchelHTTP
import SatchelShared

/// `POST /v1/sync/push`, `GET /v1/sync/pull` (also as a long-poll) and `GET /v1/sync/events`: each
/// signed-in user's private change feed.
struct SyncRoutes {
    let dependencies: ServerDependencies
    let purger: TombstonePurger

    /// Adds the routes to the `/v1` group.
    func addRoutes(to api: RouterGroup<SatchelRequestContext>) {
        api.post("sync/push") { request, context in try await push(request, context) }
        api.get("sync/pull") { request, context in try await pull(request, context) }
        api.get("sync/events") { request, context in try await events(request, context) }
    }

    /// Refuses a request that names a protocol version this server does not speak.
    static func checkProtocolVersion(_ request: Request) throws {
        guard let text = request.headers[versionHeader] else { return }
        guard Int(text) == ProtocolVersion.current else {
            throw APIError.badParameter(
                ProtocolVersion.headerName, "this server speaks sync protocol version \(ProtocolVersion.current).")
        }
    }

    static let versionHeader = HTTPField.Name(ProtocolVersion.headerName)!

    private func push(_ request: Request, _ context: SatchelRequestContext) async throws -> EncodedJSON {
        let user = try context.requireUser()
        try Self.checkProtocolVersion(request)
        try request.requireJSONContentType()
        try request.checkDeclaredLength(limit: SyncLimits.maxPushBytes)
        var request = request
        let data = Data(buffer: try await request.collectBody(upTo: SyncLimits.maxPushBytes))
        let body: PushRequest
        do {
            body = try PushRequest.decode(data)
        } catch {
            throw APIError.malformedBody(error.description, field: error.path.isEmpty ? nil : error.path)
        }
        let response = try await SyncService(dependencies: dependencies).push(body, user: user)
        return EncodedJSON(
            response.encodedData(),
            headers: [.cacheControl: "no-store", Self.versionHeader: String(ProtocolVersion.current)], tagged: false)
    }

    private func pull(_ request: Request, _ context: SatchelRequestContext) async throws -> EncodedJSON {
        let user = try context.requireUser()
        try Self.checkProtocolVersion(request)
        try request.requireOnlyQueryParameters(["cursor", "limit", "wait"])
        // The cursor is decoded once, by the service, with one message for anything it did not issue.
        let limit = try Pagination.limit(request, maxLimit: SyncLimits.maxPullPage) ?? SyncLimits.defaultPullPage
        let wait = try LongPollPull.waitParameter(request)
        await purger.purgeIfDue(dependencies: dependencies)
        let service = SyncService(dependencies: dependencies)
        let cursor = Pagination.cursorText(request)
        let body: Data
        if let wait {
            // A waiting pull holds a live-client slot for as long as it waits; a pull past the account's
            // or the server's limit is refused before it reads anything.
            let slot = try dependencies.liveFeed.clients.admitOrThrow(userId: user.id)
            defer { slot.release() }
            body = try await LongPollPull(service: service, notifier: dependencies.liveFeed).page(
                user: user, cursor: cursor, limit: limit, wait: wait, channel: context.channel)
        } else {
            body = try await service.pull(user: user, cursor: cursor, limit: limit).body
        }
        return EncodedJSON(
            body,
            headers: [.cacheControl: "no-store", Self.versionHeader: String(ProtocolVersion.current)], tagged: false)
    }
}

extension SyncRoutes {
    /// `GET /v1/sync/events`: "feed moved" events for the signed-in user; `Last-Event-ID` resumes.
    fileprivate func events(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        try Self.checkProtocolVersion(request)
        let token = request.headers[.authorization].map { String($0.split(separator: " ").last ?? "") } ?? ""
        var lastEventId: Int?
        if let text = request.headers[Self.lastEventIdHeader] {
            // Event ids are feed versions: one past the feed's version was never sent by any stream.
            guard let id = Int(text.trimmingCharacters(in: .whitespaces)), id >= 0,
                  id <= (try await SyncService(dependencies: dependencies).feedVersion(user: user))
            else {
                throw APIError.badParameter("Last-Event-ID", "must be a feed version this stream sent.")
            }
            lastEventId = id
        }
        let slot = try dependencies.liveFeed.clients.admitOrThrow(userId: user.id)
        return FeedEventStream(dependencies: dependencies).response(
            user: user, tokenHash: TokenIssuer.hash(token), lastEventId: lastEventId, slot: slot,
            channel: context.channel)
    }

    static let lastEventIdHeader = HTTPField.Name("Last-Event-ID")!
}
