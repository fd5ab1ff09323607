import Foundation
import SatchelShared
import Testing
@testable import SatchelClient
import SatchelProcess
import SatchelTestSupport

/// A process killed in the middle of its first sync keeps every page it committed, each with the cursor
/// that follows it, and loses nothing the server acknowledged; the next sync fetches exactly the rest.
@Suite("Crash safety of the first sync")
struct InitialSyncCrashTests {
    static let pathKey = "SATCHEL_FIRST_SYNC_PATH", urlKey = "SATCHEL_FIRST_SYNC_URL", tokenKey = "SATCHEL_FIRST_SYNC_TOKEN"
    static let seeded = 2_500

    /// Runs only inside the child process: syncs, and kills its own process once the first page is in
    /// (the next page is then being fetched and decoded by the pipeline).
    @Test("first-sync child: sync, die after the first page", .enabled(if: ProcessInfo.processInfo.environment[pathKey] != nil))
    func firstSyncChild() async throws {
        let environment = ProcessInfo.processInfo.environment
        let path = try #require(environment[Self.pathKey]), url = try #require(environment[Self.urlKey])
        let token: String = try #require(environment[Self.tokenKey])
        let api = SatchelAPI(transport: CurlTransport(baseURL: url), token: token)
        let store = try LocalStore(path: path, server: api)
        _ = try await store.sync { progress in
            guard progress.phase == "pull", progress.done >= 1 else { return }
            let line = Array("PULLED \(progress.done)\n".utf8)
            _ = line.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            kill(getpid(), SIGKILL)
        }
    }

    @Test("killed after its first page, a new machine keeps that page and its cursor, and resumes from there")
    func killDuringFirstSync() async throws {
        try await TestServer.run { baseURL, _ in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-first-sync-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let account = try await SatchelAPI(transport: CurlTransport(baseURL: baseURL))
                .register(username: "reader", password: "correct horse", email: "r@example.com")
            let api = SatchelAPI(transport: CurlTransport(baseURL: baseURL), token: account.token)
            for start in stride(from: 0, to: Self.seeded, by: 500) {
                _ = try await api.push(PushRequest(clientId: "other-machine", mutations: (start..<start + 500).map(Self.article)))
            }
            let path = directory.appendingPathComponent("new-machine.sqlite").path
            let local = try LocalStore(path: path, server: nil).saveArticle(url: "https://example.com/written-offline")

            let printed = try await Self.runChild(path: path, baseURL: baseURL, token: account.token, errors: directory)
            let pulledBeforeDeath = try #require(printed.split(separator: "\n").first { $0.hasPrefix("PULLED ") }.flatMap { Int($0.dropFirst(7)) })

            let database = try LocalDatabase(path: path)
            let (stored, cursor, pending) = try await database.queue.read { db in
                (try Set(String.fetchAll(db, sql: "SELECT id FROM records WHERE base_version IS NOT NULL")),
                 try LocalDatabase.meta(db, "cursor"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? -1)
            }
            #expect(pending == 0, "the offline write was pushed and acknowledged before the pull")
            #expect(stored.contains(local.id.text), "the acknowledged write is kept, synced")
            #expect(stored.count >= pulledBeforeDeath, "every committed page is still there")
            // The stored cursor covers exactly the stored records: what follows it is all that is missing.
            var rest: Set<String> = [], next = try #require(cursor)
            while true {
                let page = try await api.pull(cursor: next, limit: 1_000)
                rest.formUnion(page.changes.map(\.recordId.text))
                next = page.cursor
                if !page.hasMore { break }
            }
            // This machine's own write comes back after the cursor too (it was pushed before the pull).
            #expect(rest.intersection(stored) == [local.id.text], "nothing else after the cursor was stored")
            #expect(stored.union(rest).count == Self.seeded + 1, "nothing before the cursor is missing")

            let resumed = try LocalStore(path: path, server: api)
            let summary = try await resumed.sync()
            #expect(summary.pulled == rest.count && !summary.fullResync)
            let articles = try resumed.articles()
            #expect(articles.count == Self.seeded + 1)
            #expect(Set(articles.map(\.value.url)).count == Self.seeded + 1)
            #expect(articles.allSatisfy { $0.state == .synced })
        }
    }

    /// Runs this test binary's child test against the store at `path`; returns what it printed. What the
    /// child wrote to standard error goes to a file in `errors` and into the failure, if it was not killed.
    static func runChild(path: String, baseURL: String, token: String, errors: URL) async throws -> String {
        let errorFile = errors.appendingPathComponent("child-stderr.txt")
        let child = try Spawned(
            CommandLine.arguments[0], ["--testing-library", "swift-testing", "--filter", "firstSyncChild"],
            environment: ProcessInfo.processInfo.environment.merging([pathKey: path, urlKey: baseURL, tokenKey: token]) { $1 },
            output: .pipe, errors: .file(errorFile.path))
        let (output, _, termination) = await child.finish()
        let printed = String(decoding: output, as: UTF8.self)
        let killed = termination == .signalled(SIGKILL)
        let childErrors = killed ? "" : String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
        #expect(killed, "the child really was killed; it ended with \(termination) and wrote: \(childErrors.suffix(4_000))")
        return printed
    }

    static func article(_ index: Int) -> Mutation {
        let fields: [String: JSONValue] = [
            "url": .string("https://example.com/story-\(index)"), "title": .string("Story \(index)"),
            "tags": .array([.string("topic-\(index % 7)")]), "savedAt": .string(SatchelJSON.string(from: Date())),
        ]
        return Mutation(
            entity: .savedArticle, recordId: .timeOrdered(), op: .create,
            hlc: HLCTimestamp(wallMillis: Int64(Date().timeIntervalSince1970 * 1000), counter: 0, node: "other-machine"),
            fields: fields.mapValues { FieldChange(base: nil, value: $0) })
    }
}
