import Foundation
import SatchelTestSupport
import Testing

/// Runs the README's "Quickstart: two machines" block verbatim against the built binaries, so it cannot rot.
@Suite("README quickstart")
struct QuickstartTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// The lines of the fenced `sh` block between the quickstart markers.
    static func quickstartLines() throws -> [String] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let begin = text.range(of: "<!-- quickstart:begin -->"),
              let end = text.range(of: "<!-- quickstart:end -->", range: begin.upperBound..<text.endIndex)
        else { return [] }
        let lines = text[begin.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        guard let open = lines.firstIndex(where: { $0.hasPrefix("```sh") }),
              let close = lines[(open + 1)...].firstIndex(where: { $0.hasPrefix("```") })
        else { return [] }
        return lines[(open + 1)..<close].map(String.init)
    }

    @Test("the quickstart runs verbatim: both machines end with both edits merged")
    func quickstartRuns() async throws {
        let lines = try Self.quickstartLines()
        #expect(lines.count >= 10, "the README has a quickstart block between the markers")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-quickstart-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        // Harness around the README lines: stop at the first failure, and never leave the server running.
        let script = "set -e\ntrap 'kill $SERVER_PID 2>/dev/null || true' EXIT\n" + lines.joined(separator: "\n") + "\n"
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let result = try await Binaries.run(
            "/bin/sh", ["-c", script],
            environment: [
                "PATH": Binaries.directory.path + ":" + path,
                "SATCHEL_PORT": String(try LoopbackPort.free()),
                "SATCHEL_DATABASE": work.appendingPathComponent("server.sqlite").path,
                "SATCHEL_QUICKSTART": work.appendingPathComponent("machines").path,
            ])
        #expect(result.status == 0, "quickstart failed: \(result.err)")
        // `draft show` on A and on B each print the merged text: each edit appears twice in all.
        #expect(result.out.components(separatedBy: "Para one, edited on A.").count - 1 == 2, "\(result.out)")
        #expect(result.out.components(separatedBy: "Para three, edited on B.").count - 1 == 2, "\(result.out)")
        #expect(result.out.contains("Para two."))
    }
}
