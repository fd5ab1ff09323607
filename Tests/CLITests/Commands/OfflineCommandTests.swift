import Foundation
import SatchelCLI
import Testing

@Suite("offline, logged out and server-down behaviour")
struct OfflineCommandTests {
    /// A data directory logged in to a server that is not running.
    static func serverDown(_ root: URL) throws -> CLI {
        try DataDirectory(path: root.path).saveProfile(
            Profile(server: try CLITestServer.deadServerURL(), username: "grace", token: "expired-or-not"))
        return CLI(dataDirectory: root.path)
    }

    @Test("with the server down a change is kept, queued, and says it will sync later")
    func changeWhileServerDown() async throws {
        try await withTemporaryDirectory { root in
            let cli = try Self.serverDown(root)
            let out = try await cli.ok(["save", "https://example.com/essay", "--no-capture", "--title", "Offline"])
            #expect(out.contains("Saved") && out.contains("is not reachable")
                && out.contains("1 change will sync when the server is reachable"))
            let status = try #require(try await cli.json(["status"]) as? [String: Any])
            #expect(status["pendingChanges"] as? Int == 1)
            #expect((try await cli.ok(["list"])).contains("pending"))
        }
    }

    @Test("sync with the server down fails with one line and status 69; nothing is lost")
    func syncWhileServerDown() async throws {
        try await withTemporaryDirectory { root in
            let cli = try Self.serverDown(root)
            _ = try await cli.ok(["draft", "new", "--title", "Train", "--body", "Written offline."])
            let result = await cli.run(["sync"])
            #expect(result.status == 69)
            #expect(result.err.hasPrefix("satchel: The server at http://127.0.0.1:") && result.err.hasSuffix("will sync when it is.\n"))
            #expect(result.err.filter { $0 == "\n" }.count == 1)
            #expect((try await cli.ok(["draft", "list"])).contains("Train"))
        }
    }

    @Test("not logged in: local changes stay local; sync and posts say to log in")
    func notLoggedIn() async throws {
        try await withTemporaryDirectory { root in
            let cli = CLI(dataDirectory: root.path)
            let saved = try await cli.ok(["save", "https://example.com/essay", "--no-capture"])
            #expect(saved.contains("Saved on this machine only; run `satchel login` to sync it."))
            for command in [["sync"], ["posts"], ["random"], ["post", "hello"]] {
                let result = await cli.run(command)
                #expect(result.status == 77, "\(command)")
                #expect(result.err.hasPrefix("satchel: Not logged in"), "\(command)")
            }
        }
    }

    @Test("a comment queued offline is pending in status, then delivered once with its moderation status")
    func offlineComment() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = try await Machine.grace("a", root: root, server: server)
                let post = try #require((try await cli.json(["posts", "--limit", "1"]) as? [[String: Any]])?.first)
                let postId = try #require(post["id"] as? String)
                let queued = try await cli.ok(["--offline", "comment", postId, "Written on a train."])
                #expect(queued.contains("Queued comment") && queued.contains("run `satchel sync`"))
                #expect((try await cli.ok(["status"])).contains("pending   Written on a train."))
                _ = try await cli.ok(["sync"])
                #expect((try await cli.ok(["status"])).contains("approved  Written on a train."))
                _ = try await cli.ok(["sync"])
                let shown = try await cli.ok(["post", postId])
                #expect(shown.components(separatedBy: "Written on a train.").count == 2, "delivered exactly once")
            }
        }
    }
}
