import Foundation
import SatchelCLI
import SatchelLoopback
import SatchelProcess
import SatchelTestSupport
import Testing

/// The real `satchel` capturing pages: killed with SIGKILL midway, and opening a copy in the browser.
@Suite("the satchel executable capturing pages")
struct CaptureProcessTests {
    @Test("kill -9 mid-capture leaves the article pending with no copy; capture --failed finishes it")
    func killedMidCapture() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        // The site's own thread kills the CLI the moment its request arrives, mid-capture: a test task
        // watching for the request could wake too late on a busy machine, after the fetch gave up.
        let running = ChildToKill()
        site.site.route("/slow-tide") { _ in
            running.kill()
            return ScriptedHTTPServer.Response(
                headers: [("Content-Type", "text/html")], body: Array(CaptureSite.article(title: "Slow Tide", images: []).utf8),
                delayBeforeBody: 30)
        }
        try await withTemporaryDirectory { root in
            let satchel = Binaries.path("satchel")
            let environment = ProcessInfo.processInfo.environment.merging(["SATCHEL_CAPTURE_ALLOW": "127.0.0.0/8"]) { $1 }
            let child = try Spawned(
                satchel, ["--data-dir", root.path, "save", site.url("/slow-tide")], environment: environment,
                output: .null, errors: .null)
            running.set(child)
            let ended = await child.exit()
            #expect(site.site.requestCount == 1, "the CLI started fetching")
            #expect(ended.status != 0, "killed, not finished")
            site.site.route("/slow-tide") { _ in
                .text(CaptureSite.article(title: "Flaky Article", images: []), contentType: "text/html")
            }

            let cli = CLI(dataDirectory: root.path)
            let listed = try #require((try await cli.json(["list"]) as? [[String: Any]])?.first)
            #expect(listed["captureStatus"] as? String == "pending")
            #expect((listed["attachments"] as? [Any])?.isEmpty == true)

            let retried = try await Binaries.run(satchel, ["--data-dir", root.path, "capture", "--failed"],
                                                 environment: ["SATCHEL_CAPTURE_ALLOW": "127.0.0.0/8"])
            #expect(retried.status == 0, "\(retried.err)")
            #expect(retried.out.contains("Flaky Article"))
            let captured = try #require((try await cli.json(["list"]) as? [[String: Any]])?.first)
            #expect(captured["captureStatus"] as? String == "captured")
        }
    }

    @Test("read --open writes a standalone page whose images are this machine's cached files, and opens it")
    func openInBrowser() async throws {
        let site = try CaptureSite()
        defer { site.stop() }
        try await withTemporaryDirectory { root in
            let satchel = Binaries.path("satchel")
            let environment = ["SATCHEL_CAPTURE_ALLOW": "127.0.0.0/8", "SATCHEL_OPENER": "true"]
            let saved = try await Binaries.run(satchel, ["--data-dir", root.path, "save", site.url("/harbour"), "--quiet"], environment: environment)
            #expect(saved.status == 0, "\(saved.err)")
            let id = saved.out.trimmingCharacters(in: .whitespacesAndNewlines)
            site.stop()
            let opened = try await Binaries.run(satchel, ["--data-dir", root.path, "read", id, "--open"], environment: environment)
            #expect(opened.status == 0, "\(opened.err)")
            #expect(opened.out.contains("2 of 3 images from this machine"), "\(opened.out)")
            let page = try String(contentsOfFile: "\(root.path)/open/\(id).html", encoding: .utf8)
            #expect(page.contains("Content-Security-Policy"))
            #expect(page.contains("<title>The Quiet Harbour</title>"))
            #expect(page.components(separatedBy: "src=\"file://").count - 1 == 2, "\(page)")
            #expect(!page.contains("<script"))
        }
    }
}

/// The child process a site's handler kills when the request it waits for arrives (set once it is spawned).
final class ChildToKill: @unchecked Sendable {
    private let lock = NSLock()
    private var child: Spawned?
    private var killRequested = false

    /// Remembers the child; kills it at once if its request came first.
    func set(_ spawned: Spawned) {
        let killNow = lock.withLock { () -> Bool in
            child = spawned
            return killRequested
        }
        if killNow { spawned.signal(SIGKILL) }
    }

    /// Kills the child (or does as soon as it is known).
    func kill() {
        let spawned = lock.withLock { () -> Spawned? in
            killRequested = true
            return child
        }
        spawned?.signal(SIGKILL)
    }
}
