import Foundation
import SatchelShared
import Testing
@testable import SatchelClient
import SatchelTestSupport

/// The `satchel-server` process killed with SIGKILL at random moments while a client pushes batches
/// of sync mutations and, after each failure, retries them with the same mutation ids: in the end every
/// acknowledged mutation is in the pulled feed exactly once, at the version it was acknowledged with.
///
/// `SATCHEL_FAULT_KILLS` sets the kills per database (default 10), `SATCHEL_FAULT_SEED` the random seed.
@Suite("Faults: the server killed with SIGKILL during pushes", .serialized)
struct KilledServerTests {
    static let kills = ProcessInfo.processInfo.environment["SATCHEL_FAULT_KILLS"].flatMap(Int.init) ?? 10

    @Test("SQLite: every acknowledged mutation is in the feed exactly once")
    func sqlite() async throws {
        let directory = try FaultDirectory.make("kill-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await run(name: "SQLite", database: directory.appendingPathComponent("server.sqlite").path, directory: directory)
    }

    @Test("PostgreSQL: every acknowledged mutation is in the feed exactly once")
    func postgres() async throws {
        let directory = try FaultDirectory.make("kill-postgres")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await run(name: "PostgreSQL", database: try await PostgresTestDatabase.makeDatabaseURL(prefix: "f"), directory: directory)
    }

    private func run(name: String, database: String, directory: URL) async throws {
        let seed = FaultSeed.value
        let server = try ServerProcess(database: database, logDirectory: directory)
        try await server.start()
        defer { server.stop() }
        let transport = CurlTransport(baseURL: server.baseURL, configuration: .init(connectTimeout: 2, totalTimeout: 30))
        let account = try await SatchelAPI(transport: transport)
            .register(username: "pusher", password: "correct horse battery", email: "pusher@example.com")
        let pusher = BatchPusher(api: SatchelAPI(transport: transport, token: account.token), seed: seed)
        let killer = ServerKiller(server: server, kills: Self.kills, seed: seed &+ 1)
        let deadline = Date().addingTimeInterval(240)

        async let killing: Void = killer.run()
        var restartsSeen = 0
        while await !killer.finished || restartsSeen < Self.kills {
            guard Date() < deadline else { break }
            try await pusher.pushNewBatch()
            let restarts = await killer.restarts
            if restarts > restartsSeen {
                // The server came back: the last acknowledged batch, sent again with the same ids,
                // must answer exactly what it answered the first time.
                restartsSeen = restarts
                try await pusher.repushLastBatch()
            }
        }
        try await killing
        try await pusher.pushNewBatch()

        let feed = try await pusher.pullAll()
        let figures = await pusher.figures(feed: feed, kills: await killer.kills)
        print("FAULT kill [\(name)] seed=\(seed) \(figures)")
        #expect(Date() < deadline, "the run finished in time")
        #expect(figures.kills == Self.kills, "every planned kill happened")
        #expect(figures.interruptedAttempts >= 1, "at least one push broke off and was retried")
        #expect(figures.acknowledged > 0)
        #expect(figures.losses == 0, "acknowledged mutations missing from the feed")
        #expect(figures.duplicates == 0, "mutations applied twice or records in the feed more than once")
        #expect(figures.changedAnswers == 0, "a retried mutation id answered differently than the first time")
        #expect(figures.unexpected == 0, "records in the feed that nobody pushed")
    }
}

/// Kills the server at random moments, starting it again after each kill.
actor ServerKiller {
    private let server: ServerProcess
    private let planned: Int
    private var generator: SeededGenerator
    /// Kills done so far.
    private(set) var kills = 0
    /// Restarts completed so far.
    private(set) var restarts = 0
    /// Whether every planned kill and restart is done.
    private(set) var finished = false

    init(server: ServerProcess, kills: Int, seed: UInt64) {
        self.server = server
        planned = kills
        generator = SeededGenerator(seed: seed)
    }

    func run() async throws {
        defer { finished = true }
        for _ in 0..<planned {
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...900, using: &generator)))
            server.kill()
            kills += 1
            try await server.start()
            restarts += 1
        }
    }
}

/// Where a fault test's seed comes from: `SATCHEL_FAULT_SEED`, else a fresh random one (printed).
enum FaultSeed {
    static var value: UInt64 {
        ProcessInfo.processInfo.environment["SATCHEL_FAULT_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
    }
}

/// A temporary folder of a fault test.
enum FaultDirectory {
    static func make(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-fault-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
