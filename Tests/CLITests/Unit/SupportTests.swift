import ArgumentParser
import Foundation
import SatchelShared
import Testing
@testable import SatchelCLI

@Suite("CLI support: ids, tables, progress, links, profiles, arguments")
struct SupportTests {
    let ids = [
        UUID(uuidString: "3F2A0000-0000-0000-0000-000000000001")!, UUID(uuidString: "3F2B0000-0000-0000-0000-000000000002")!,
        UUID(uuidString: "A0000000-0000-0000-0000-000000000003")!,
    ]

    @Test("a unique start or end resolves, case-insensitive and with or without dashes")
    func uniquePrefix() throws {
        #expect(try IDResolver.resolve("3f2a", among: ids, kind: "draft") == ids[0])
        #expect(try IDResolver.resolve("A", among: ids, kind: "draft") == ids[2])
        #expect(try IDResolver.resolve("3F2B0000-0000", among: ids, kind: "draft") == ids[1])
        #expect(try IDResolver.resolve(ids[1].uuidString.lowercased(), among: ids, kind: "draft") == ids[1])
        #expect(try IDResolver.resolve("0003", among: ids, kind: "draft") == ids[2])
        #expect(try IDResolver.resolve("0000-000000000002", among: ids, kind: "draft") == ids[1])
    }

    @Test("time-ordered ids made together share their start; the short id lists show (their end) tells them apart")
    func timeOrderedIds() throws {
        var generator = SystemRandomNumberGenerator()
        let made = (0..<20).map { _ in UUID.timeOrdered(millis: 1_764_410_000_000, using: &generator) }
        for id in made {
            #expect(try IDResolver.resolve(IDResolver.short(id), among: made, kind: "article") == id)
            #expect(IDResolver.short(id) == String(id.uuidString.lowercased().suffix(8)))
        }
        #expect(throws: CLIError.self) { try IDResolver.resolve(String(made[0].uuidString.prefix(8)), among: made, kind: "article") }
    }

    @Test("an ambiguous, unknown or malformed id names the problem")
    func badPrefixes() {
        #expect(throws: CLIError("The id '3f2' is ambiguous: 2 drafts match (00000001, 00000002); type more characters.",
                                 exitCode: 64)) {
            try IDResolver.resolve("3f2", among: ids, kind: "draft")
        }
        #expect(throws: CLIError("No draft has an id starting or ending with 'b'.", exitCode: 66)) {
            try IDResolver.resolve("b", among: ids, kind: "draft")
        }
        #expect(throws: CLIError("'xyz' is not an id: use the short hex id a list shows, or the full id.", exitCode: 64)) {
            try IDResolver.resolve("xyz", among: ids, kind: "draft")
        }
    }

    @Test("tables pad every column but the last")
    func table() {
        let text = TextTable(headers: ["ID", "TITLE"], rows: [["3f2a0000", "An essay"], ["a0", "Short"]]).render()
        #expect(text == "ID        TITLE\n3f2a0000  An essay\na0        Short\n")
    }

    @Test("the progress bar fills in proportion and redraws in place; plain lines do not")
    func progressBar() {
        #expect(ProgressBar(width: 10).render(phase: "pull", done: 5, total: 10) == "\rpull [#####-----] 5/10")
        #expect(ProgressBar(width: 4).render(phase: "push", done: 3, total: 2) == "\rpush [####] 3/3")
        #expect(ProgressBar.plainLine(phase: "push", done: 1, total: 4) == "push: 1/4")
    }

    @Test("post links are recognised only on the profile's server")
    func postLinks() {
        let server = "http://127.0.0.1:8080"
        #expect(PostLink.postKey(in: "http://127.0.0.1:8080/v1/posts/hello-world", server: server) == "hello-world")
        #expect(PostLink.postKey(in: "http://127.0.0.1:8080/posts/3f2a", server: server + "/") == "3f2a")
        #expect(PostLink.postKey(in: "http://127.0.0.1:8081/v1/posts/hello", server: server) == nil)
        #expect(PostLink.postKey(in: "https://example.com/v1/posts/hello", server: server) == nil)
        #expect(PostLink.postKey(in: "http://127.0.0.1:8080/v1/posts/random", server: server) == nil)
        #expect(PostLink.postKey(in: "http://127.0.0.1:8080/v1/posts/a/comments", server: server) == nil)
        #expect(PostLink.postKey(in: "http://news.test/v1/posts/x", server: "http://news.test:80") == "x")
    }

    @Test("the data directory comes from --data-dir, then SATCHEL_HOME, then ~/.satchel")
    func dataDirectory() {
        #expect(DataDirectory.resolve("/tmp/x", environment: ["SATCHEL_HOME": "/tmp/y"]).path == "/tmp/x")
        #expect(DataDirectory.resolve(nil, environment: ["SATCHEL_HOME": "/tmp/y"]).path == "/tmp/y")
        #expect(DataDirectory.resolve(nil, environment: [:]).path.hasSuffix("/.satchel"))
    }

    @Test("a profile is written with mode 0600 and read back")
    func profileFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-profile-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let directory = DataDirectory(path: path)
        #expect(try directory.loadProfile() == nil)
        let profile = Profile(server: "http://127.0.0.1:8080", username: "grace", token: "secret")
        try directory.saveProfile(profile)
        try directory.saveProfile(profile)
        #expect(try directory.loadProfile() == profile)
        let mode = try FileManager.default.attributesOfItem(atPath: directory.profilePath)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test("global options before the command name move after it")
    func globalOptionsReordered() {
        #expect(SatchelCommand.reorderingGlobalOptions(["--data-dir", "A", "--json", "draft", "show", "7c"])
            == ["draft", "show", "--data-dir", "A", "--json", "7c"])
        #expect(SatchelCommand.reorderingGlobalOptions(["--data-dir=A", "--offline", "save", "https://x.test"])
            == ["save", "--data-dir=A", "--offline", "https://x.test"])
        #expect(SatchelCommand.reorderingGlobalOptions(["list", "--json"]) == ["list", "--json"])
    }

    @Test("--value takes the JSON type of the field in conflict")
    func resolveValues() throws {
        #expect(try Resolve.value("a, b", like: .array([]), field: "tags") == .array([.string("a"), .string("b")]))
        #expect(try Resolve.value("0.5", like: .number(0), field: "readingProgress") == .number(0.5))
        #expect(try Resolve.value("text", like: .string(""), field: "body") == .string("text"))
        #expect(throws: CLIError.self) { try Resolve.value("lots", like: .number(0), field: "readingProgress") }
    }
}
