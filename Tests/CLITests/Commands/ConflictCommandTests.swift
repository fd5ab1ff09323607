import Foundation
import SatchelCLI
import Testing

@Suite("sync, status, conflicts, resolve")
struct ConflictCommandTests {
    @Test("overlapping edits on two machines show as a conflict on both; resolving keeps both texts everywhere")
    func conflictAndResolve() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let a = try await Machine.grace("a", root: root, server: server)
                let b = try await Machine.grace("b", root: root, server: server)
                let draft = Machine.id(try await a.ok(["draft", "new", "--title", "Essay", "--body", "One.\n\nTwo.\n\nThree.\n", "--quiet"]))
                #expect(try await b.ok(["sync"]).contains("pulled"))
                _ = try await a.ok(["--offline", "draft", "edit", draft, "--body", "One.\n\nTwo as A sees it.\n\nThree.\n"])
                _ = try await b.ok(["--offline", "draft", "edit", draft, "--body", "One.\n\nTwo as B sees it.\n\nThree.\n"])
                _ = try await a.ok(["sync"])
                #expect(try await b.ok(["sync"]).contains("1 open conflict"))
                _ = try await a.ok(["sync"])

                let onA = try #require(try await a.json(["conflicts"]) as? [[String: Any]])
                #expect(onA.count == 1)
                let listed = try await b.ok(["conflicts"])
                #expect(listed.contains("field body") && listed.contains("Two as A sees it.") && listed.contains("Two as B sees it."))
                let conflictId = try #require((onA.first?["conflict"] as? [String: Any])?["id"] as? String)
                #expect(try await a.ok(["status"]).contains("Conflicts:     1"))

                let resolved = try await b.ok(["resolve", String(conflictId.prefix(6)), "--keep", "both"])
                #expect(resolved.contains("Resolved conflict") && resolved.contains("Synced with"))
                _ = try await a.ok(["sync"])
                #expect(try await a.ok(["conflicts"]) == "No open conflicts.\n")
                let body = try #require((try await a.json(["draft", "show", draft]) as? [String: Any])?["body"] as? String)
                #expect(body.contains("Two as A sees it.") && body.contains("Two as B sees it."))
            }
        }
    }

    @Test("a change the server refused is listed by status with its reason until it is dismissed")
    func refusedChangeDismissed() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = try await Machine.grace("a", root: root, server: server)
                let missingPost = UUID().uuidString
                _ = try await cli.ok(["--offline", "comment", missingPost, "Nobody will read this"])
                _ = try await cli.ok(["sync"])
                let refused = try #require((try await cli.json(["status"]) as? [String: Any])?["deadLetters"] as? [[String: Any]])
                #expect(refused.count == 1)
                let mutationId = try #require(refused.first?["mutationId"] as? String)
                #expect(try await cli.ok(["status"]).contains("Refused by the server (dismiss with `satchel dismiss ID`):"))

                let dismissed = try await cli.ok(["dismiss", String(mutationId.suffix(8))])
                #expect(dismissed == "Dismissed refused change \(mutationId.suffix(8).lowercased()).\n")
                #expect(!(try await cli.ok(["status"])).contains("Refused by the server"))
                let again = await cli.run(["dismiss", String(mutationId.suffix(8))])
                #expect(again.status == 66 && again.err.contains("No refused change has an id"))
                #expect(try await cli.ok(["dismiss", "--all"]) == "Dismissed 0 refused changes.\n")
            }
        }
    }

    @Test("resolve refuses a bad --keep, both --keep and --value, and an unknown conflict")
    func resolveErrors() async throws {
        try await withTemporaryDirectory { root in
            let cli = CLI(dataDirectory: root.path)
            let badKeep = await cli.run(["resolve", "abc", "--keep", "maybe"])
            #expect(badKeep.status == 64 && badKeep.err.hasPrefix("satchel: ") && badKeep.err.contains("maybe"))
            let both = await cli.run(["resolve", "abc", "--keep", "mine", "--value", "x"])
            #expect(both.status == 64 && both.err.contains("either --keep"))
            let unknown = await cli.run(["resolve", "abc", "--keep", "mine"])
            #expect(unknown.status == 66 && unknown.err == "satchel: No open conflict has an id starting or ending with 'abc'.\n")
        }
    }

    @Test("status reports pending changes and the last successful sync")
    func statusAfterSync() async throws {
        try await CLITestServer.run { server in
            try await withTemporaryDirectory { root in
                let cli = try await Machine.grace("a", root: root, server: server)
                #expect(try await cli.ok(["status"]).contains("Last sync:     never"))
                _ = try await cli.ok(["--offline", "save", "https://example.com/x"])
                let before = try #require(try await cli.json(["status"]) as? [String: Any])
                #expect(before["pendingChanges"] as? Int == 1 && before["lastSyncAt"] == nil)
                let synced = try await cli.ok(["sync"])
                #expect(synced.contains("push: 1/1") && synced.contains("Synced with \(server): pushed 1, pulled"))
                let after = try #require(try await cli.json(["status"]) as? [String: Any])
                #expect(after["pendingChanges"] as? Int == 0 && after["lastSyncAt"] is String)
            }
        }
    }
}
