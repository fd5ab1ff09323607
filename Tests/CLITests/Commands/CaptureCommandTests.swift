import Foundation
import SatchelCLI
import SatchelTestSupport
import Testing

@Suite("save URL with capture, capture, read")
struct CaptureCommandTests {
    /// Lets the machine's page capture reach loopback sites, as a reader's profile setting would.
    static func allowLoopback(_ cli: CLI) throws {
        let directory = DataDirectory(path: cli.dataDirectory)
        var profile = try #require(try directory.loadProfile())
        profile.captureAllow = "127.0.0.0/8"
        try directory.saveProfile(profile)
    }

    /// Runs `body` with a loopback site, a server, and machine A logged in to it (allowed to fetch from
    /// loopback unless `allowLoopback` is false), in a temporary directory.
    static func withMachine(
        allowLoopback: Bool = true, _ body: (_ site: CaptureSite, _ a: CLI, _ server: String, _ root: URL) async throws -> Void
    ) async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let a = try await Machine.grace("a", root: root, server: server)
                if allowLoopback { try Self.allowLoopback(a) }
                try await body(site, a, server, root)
            }
        }
    }

    @Test("save captures the page; read renders it; another machine reads it after a sync; list shows the copy")
    func saveAndRead() async throws {
        try await Self.withMachine { site, a, server, root in
            let b = try await Machine.grace("b", root: root, server: server)
            let saved = try await a.ok(["save", site.url("/harbour"), "--tag", "sea"])
            #expect(saved.contains("Saved") && saved.contains("\"The Quiet Harbour\""), "\(saved)")
            #expect(saved.contains("min read") && saved.contains("2 images") && saved.contains("kept for reading offline"))
            let id = try #require((try await a.json(["list"]) as? [[String: Any]])?.first?["id"] as? String)
            #expect((try await a.ok(["list"])).contains("kept"))

            _ = try await b.ok(["sync"])
            site.stop()
            let text = try await b.ok(["read", id])
            #expect(text.hasPrefix("The Quiet Harbour"), "\(text.prefix(200))")
            #expect(text.contains("Ada Lovelace"))
            #expect(text.contains("[Image: Caption 0]"))
            #expect(text.contains("The harbour was quiet that morning"))
            let html = try await b.ok(["read", id, "--html"])
            #expect(html.contains("<p>") && !html.contains("<script"))
            let again = try await a.ok(["save", site.url("/harbour#comments")])
            #expect(again.contains("Already saved"))
        }
    }

    @Test("a failed capture is listed, explained by read, retried by capture --failed")
    func failedThenRetried() async throws {
        try await Self.withMachine { site, a, _, _ in
            let saved = try await a.ok(["save", site.url("/flaky")])
            #expect(saved.contains("could not be captured") && saved.contains("satchel capture"), "\(saved)")
            let listed = try #require((try await a.json(["list"]) as? [[String: Any]])?.first)
            #expect(listed["captureStatus"] as? String == "failed")
            #expect((listed["captureError"] as? String)?.contains("503") == true)
            let id = try #require(listed["id"] as? String)
            #expect((try await a.ok(["read", id])).contains("Its capture failed"))
            let single = await a.run(["capture", id])
            #expect(single.status == 69 && single.err.contains("capture failed"))

            site.setFlakyWorks(true)
            let retried = try await a.ok(["capture", "--failed"])
            #expect(retried.contains("Flaky Article") && retried.contains("kept for reading offline"), "\(retried)")
            #expect((try await a.ok(["capture", "--failed"])).contains("Every saved page is captured."))
            #expect((try await a.ok(["read", id])).contains("The harbour was quiet"))
        }
    }

    @Test("a private address is refused with a clear error, nothing saved, and the site gets no request")
    func refusedAddresses() async throws {
        try await Self.withMachine(allowLoopback: false) { site, a, _, _ in
            let port = site.site.port
            for url in [
                "http://localhost:\(port)/harbour", "http://127.1:\(port)/harbour", "http://0x7f000001:\(port)/harbour",
                "http://[::1]:\(port)/harbour", "http://[::ffff:127.0.0.1]:\(port)/harbour", "http://169.254.169.254/latest/",
            ] {
                let result = await a.run(["save", url])
                #expect(result.status == 64, "\(url)")
                #expect(result.err.contains("Not saved"), "\(url): \(result.err)")
            }
            let listed = try await a.json(["list"]) as? [Any]
            #expect(listed?.isEmpty == true)
            #expect(site.site.requestCount == 0)
        }
    }

    @Test("--offline saves without fetching; capture --failed captures it later")
    func offlineSave() async throws {
        try await Self.withMachine { site, a, _, _ in
            let saved = try await a.ok(["--offline", "save", site.url("/other")])
            #expect(saved.contains("capture --failed"))
            #expect(site.site.requestCount == 0)
            #expect((try await a.json(["list"]) as? [[String: Any]])?.first?["captureStatus"] as? String == "pending")
            #expect((try await a.ok(["capture", "--failed"])).contains("Another Story"))
        }
    }
}
