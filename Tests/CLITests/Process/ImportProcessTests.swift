import Foundation
import SatchelCLI
import SatchelProcess
import Testing

/// The real `satchel` importing a large file, killed with SIGKILL at several moments.
@Suite("the satchel executable importing")
struct ImportProcessTests {
    @Test("kill -9 at any moment of a 20,000-row import, then the same command again: every page once, nothing lost")
    func killedMidImport() async throws {
        try await withTemporaryDirectory { root in
            var rows = ["title,url,time_added,tags,status"]
            for index in 0..<20_000 {
                rows.append("\"Story \(index), again\",https://site\(index % 40).example/story/\(index)?utm_source=pocket,\(1_600_000_000 + index),a|b,unread")
            }
            for index in stride(from: 0, to: 20_000, by: 20) {
                rows.append("Same story,https://SITE\(index % 40).example/story/\(index)#again,1700000000,c,unread")
            }
            let file = root.appendingPathComponent("pocket.csv")
            try rows.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            let satchel = Binaries.path("satchel")
            let data = root.appendingPathComponent("data").path
            for delay in [40, 250, 700, 1_500, 3_000] {
                let child = try Spawned(satchel, ["--data-dir", data, "import", file.path], output: .null, errors: .null)
                try await Task.sleep(for: .milliseconds(delay))
                child.signal(SIGKILL)
                _ = await child.exit()
            }
            let finished = try await Binaries.run(satchel, ["--data-dir", data, "import", file.path])
            #expect(finished.status == 0, "\(finished.err)")
            // Listed by the binary too: 20,000 articles encoded in this process would hold a thread of the
            // pool that other tests' servers need for seconds.
            let list = try await Binaries.run(satchel, ["--data-dir", data, "list", "--all", "--json"])
            let listed = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]])
            #expect(listed.count == 20_000, "no page twice, none missing")
            #expect(Set(listed.compactMap { $0["url"] as? String }).count == 20_000)
            let merged = listed.filter { ($0["tags"] as? [String])?.contains("c") == true }.count
            #expect(merged == 1_000, "the file's own duplicates gave their label to the page once")
            let again = try await Binaries.run(satchel, ["--data-dir", data, "import", file.path])
            #expect(again.out.hasPrefix("Imported from pocket-csv: 0 added, 21000 already there, 0 merged, 0 refused."), "\(again.out)")
        }
    }
}
