import Foundation
import Logging
import SatchelClient
import SatchelShared

/// An author publishes; a follower's machine in live mode (``BackgroundSync`` holding a long-poll, never calling
/// `sync()` itself) holds the post as a saved article. The clock runs from just before the author's
/// `POST /v1/posts` to the end of the follower's sync that stored it. The server must be fresh: the author
/// registers first and so may write posts.
struct FollowLatencyRun {
    let server: String
    let posts: Int

    /// The latencies in milliseconds, one per post, in order.
    func run() async throws -> [Double] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-follow-latency-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let suffix = UInt32.random(in: 0...UInt32.max)
        let anonymous = SatchelAPI(transport: CurlTransport(baseURL: server))
        let author = try await anonymous.register(
            username: "author\(suffix)", password: "correct horse", email: "author\(suffix)@example.com")
        let reader = try await anonymous.register(
            username: "reader\(suffix)", password: "correct horse", email: "reader\(suffix)@example.com")
        let writer = SatchelAPI(transport: CurlTransport(baseURL: server), token: author.token)
        let follower = SatchelAPI(transport: CurlTransport(baseURL: server), token: reader.token)
        _ = try await follower.follow(FollowRequest(target: author.user.username))
        let machine = try LocalStore(
            path: directory.appendingPathComponent("follower.sqlite").path, server: follower, fsyncEveryCommit: false)
        let arrivals = ArrivalWatch(store: machine)
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let live = BackgroundSync(
            store: machine, configuration: .init(delayAfterChange: .seconds(3600), live: .init(waitSeconds: 30)),
            logger: logger, onSync: { _ in arrivals.check() })
        let service = Task { try await live.run() }
        defer { service.cancel() }
        // Let the follower's first sync and first long-poll settle.
        try await Task.sleep(for: .milliseconds(500))
        var latencies: [Double] = []
        latencies.reserveCapacity(posts)
        for index in 0..<posts {
            let title = "Live post \(index) \(suffix)"
            // The follower cannot hold it before it is published, so watching from here misses nothing.
            let arrived = arrivals.expect { store in
                (try? store.articles().contains { $0.value.title == title }) ?? false
            }
            let start = ContinuousClock.now
            _ = try await writer.createPost(CreatePostRequest(title: title, body: "Published for the followers."))
            await arrived()
            let elapsed = ContinuousClock.now - start
            latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        return latencies
    }
}
