import SatchelClient
import Foundation
import SatchelShared

/// What one command works with: the data directory, its profile, the local store and the server's API.
struct Session: Sendable {
    let options: GlobalOptions
    let directory: DataDirectory
    let profile: Profile?
    let store: LocalStore
    /// The server's API with the profile's token; `nil` when no server is configured.
    let api: SatchelAPI?

    /// Opens the store in the data directory the options name, creating it on first use.
    static func open(_ options: GlobalOptions) throws -> Session {
        let directory = DataDirectory.resolve(options.dataDirectory)
        try directory.createIfNeeded()
        let profile = try directory.loadProfile()
        let api = profile.map { SatchelAPI(transport: CurlTransport(baseURL: $0.server), token: $0.token) }
        let store: LocalStore
        do {
            // Only a logged-in profile syncs: pushing without a token could only be refused.
            store = try LocalStore(path: directory.databasePath, server: api?.token == nil ? nil : api)
        } catch {
            throw CLIError("Cannot open the local database \(directory.databasePath): it is locked or damaged.")
        }
        return Session(options: options, directory: directory, profile: profile, store: store, api: api)
    }

    /// The API with a token, or the "not logged in" error.
    func signedInAPI() throws -> SatchelAPI {
        guard let api, api.token != nil else { throw CLIError.notLoggedIn }
        return api
    }

    /// The API of the profile's server, signed in or not (public reads need no token).
    func serverAPI() throws -> SatchelAPI {
        guard let api else { throw CLIError.notLoggedIn }
        return api
    }

    /// Whether the server answers `GET /health` within a few seconds.
    func serverIsReachable() async -> Bool {
        guard let profile else { return false }
        let quick = CurlTransport(
            baseURL: profile.server, configuration: .init(connectTimeout: 3, totalTimeout: 5, maxConnections: 1))
        let response = try? await quick.send(HTTPRequestSpec(method: "GET", path: "/health"))
        return response.map { (200..<300).contains($0.status) } ?? false
    }

    // MARK: Output

    /// Prints `value` as JSON under `--json`, else the text.
    func emit<Value: Encodable>(_ value: Value, text: () -> String) throws {
        if options.json {
            Console.current.out(try JSONOutput.render(value))
        } else {
            let rendered = text()
            Console.current.out(rendered.hasSuffix("\n") || rendered.isEmpty ? rendered : rendered + "\n")
        }
    }

    // MARK: IDs

    /// The saved article an id or short id names.
    func articleId(_ text: String) throws -> UUID {
        try IDResolver.resolve(text, among: store.articles().map(\.value.id), kind: "saved article")
    }

    /// The highlight an id or short id names.
    func highlightId(_ text: String) throws -> UUID {
        try IDResolver.resolve(text, among: store.highlights().map(\.id), kind: "highlight")
    }

    /// The draft an id or short id names.
    func draftId(_ text: String) throws -> UUID {
        try IDResolver.resolve(text, among: store.drafts().map(\.value.id), kind: "draft")
    }

    /// The open conflict an id or short id names.
    func conflictId(_ text: String) throws -> UUID {
        try IDResolver.resolve(text, among: store.conflicts().map(\.id), kind: "open conflict")
    }
}
