import Foundation
import SatchelCLI
import SatchelServer
import Testing
import SatchelStores

@Suite("status --verbose")
struct StatusVerboseTests {
    @Test("status --verbose shows the server's version and the last sync's timings")
    func verbose() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let fresh = try await CLI(dataDirectory: root.appendingPathComponent("a").path).ok(["status", "--verbose"])
                #expect(fresh.contains("Server version: none") && fresh.contains("Last sync took: no sync yet"))
                let cli = try await Machine.grace("a", root: root, server: server)
                _ = try await cli.ok(["--offline", "save", "https://example.com/essay", "--title", "Essay"])
                _ = try await cli.ok(["sync"])
                let text = try await cli.ok(["status", "--verbose"])
                #expect(text.contains("Server version: \(ServerVersion.current)"))
                #expect(text.contains("Last sync took: ") && text.contains("1 pushed"))
                #expect(!(try await cli.ok(["status"])).contains("Server version"), "only with --verbose")

                let report = try #require(try await cli.json(["status", "--verbose"]) as? [String: Any])
                #expect(report["serverVersion"] as? String == ServerVersion.current)
                let timings = try #require(report["lastSyncTimings"] as? [String: Any])
                #expect(timings["pushed"] as? Int == 1)
                #expect((timings["pushRequests"] as? Int ?? 0) >= 1 && (timings["pullRequests"] as? Int ?? 0) >= 1)
                let total = try #require(timings["totalMilliseconds"] as? Double)
                let parts = (timings["pushMilliseconds"] as? Double ?? -1) + (timings["pullMilliseconds"] as? Double ?? -1)
                #expect(total > 0 && parts > 0 && parts <= total)
            }
        }
    }
}
