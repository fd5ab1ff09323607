import Foundation
import SatchelCLI
import Testing
import SatchelProcess
import SatchelTestSupport

/// The real `satchel` executable as a child process: exit statuses, stderr, signals, `$EDITOR`.
@Suite("the satchel executable")
struct ProcessTests {
    @Test("a bad id exits 66 with one line on stderr and nothing on stdout")
    func badIdExitStatus() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-proc-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try await Binaries.run(Binaries.path("satchel"), ["--data-dir", root.path, "show", "abc"])
        #expect(result.status == 66)
        #expect(result.err == "satchel: No saved article has an id starting or ending with 'abc'.\n")
        #expect(result.out.isEmpty)
    }

    @Test("with --json an error is one JSON object on stderr with the message and exit status")
    func jsonErrors() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-proc-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let satchel = Binaries.path("satchel")
        let missing = try await Binaries.run(satchel, ["--data-dir", root.path, "show", "abc", "--json"])
        #expect(missing.status == 66 && missing.out.isEmpty)
        #expect(missing.err == #"{"error":{"exitCode":66,"message":"No saved article has an id starting or ending with 'abc'."}}"# + "\n")
        let usage = try await Binaries.run(satchel, ["--json", "progress"])
        #expect(usage.status == 64)
        let object = try JSONSerialization.jsonObject(with: Data(usage.err.utf8)) as? [String: [String: Any]]
        #expect(object?["error"]?["exitCode"] as? Int == 64)
        #expect((object?["error"]?["message"] as? String)?.hasSuffix("(see --help)") == true)
    }

    @Test("with the server down, a change is queued (status 0) and sync fails with status 69")
    func serverDown() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-proc-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        try DataDirectory(path: root.path).saveProfile(
            Profile(server: try CLITestServer.deadServerURL(), username: "grace", token: "t"))
        let satchel = Binaries.path("satchel")
        let saved = try await Binaries.run(satchel, ["--data-dir", root.path, "save", "https://example.com/essay", "--no-capture"])
        #expect(saved.status == 0)
        #expect(saved.out.contains("will sync when the server is reachable"))
        let synced = try await Binaries.run(satchel, ["--data-dir", root.path, "sync"])
        #expect(synced.status == 69)
        #expect(synced.err.hasPrefix("satchel: The server at ") && synced.err.filter { $0 == "\n" }.count == 1)
        let usage = try await Binaries.run(satchel, ["--data-dir", root.path, "progress", "abc", "2"])
        #expect(usage.status == 64 && usage.err.filter { $0 == "\n" }.count == 1)
    }

    @Test("draft edit opens $EDITOR on the draft and keeps what it saved")
    func editorEdits() async throws {
        try await withTemporaryDirectory { root in
            let cli = CLI(dataDirectory: root.appendingPathComponent("data").path)
            let id = Machine.id(try await cli.ok(["draft", "new", "--title", "Edited", "--body", "Line one.\n", "--quiet"]))
            let editor = root.appendingPathComponent("editor.sh")
            try "#!/bin/sh\nprintf 'Line two, from the editor.\\n' >> \"$1\"\n".write(to: editor, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: editor.path)
            let result = try await Binaries.run(
                Binaries.path("satchel"), ["--data-dir", cli.dataDirectory, "draft", "edit", String(id.prefix(6))],
                environment: ["EDITOR": editor.path, "VISUAL": ""])
            #expect(result.status == 0, "\(result.err)")
            let body = try #require((try await cli.json(["draft", "show", id]) as? [String: Any])?["body"] as? String)
            #expect(body == "Line one.\nLine two, from the editor.\n")
        }
    }

    @Test("sync --watch keeps syncing until SIGINT, then stops cleanly with status 0")
    func watchStopsOnInterrupt() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = try await Machine.grace("a", root: root, server: server)
                let child = try Spawned(
                    Binaries.path("satchel"), ["--data-dir", cli.dataDirectory, "sync", "--watch", "--interval", "0.2"],
                    output: .pipe)
                // Waits for the first completed sync, however long it takes; no clock involved. The wait runs on
                // a thread of its own: the server this child syncs with runs on this process's task pool.
                let (seen, termination) = await OwnThread.run {
                    guard let reader = child.output else { return ("", child.waitBlocking()) }
                    var seen = ""
                    while !seen.contains("Synced with") {
                        let chunk = reader.availableData
                        if chunk.isEmpty { break }
                        seen += String(decoding: chunk, as: UTF8.self)
                    }
                    child.signal(SIGINT)
                    seen += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
                    return (seen, child.waitBlocking())
                }
                #expect(seen.contains("Synced with \(server)"))
                #expect(seen.hasSuffix("Stopped watching.\n"))
                #expect(termination == .exited(0))
            }
        }
    }
}
