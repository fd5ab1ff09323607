import Foundation
import SatchelShared
import Testing
@testable import SatchelClient
import SatchelProcess
import SatchelTestSupport

/// A write that committed survives the process being killed before it synced.
@Suite("Crash safety")
struct CrashSafetyTests {
    static let writerPathKey = "SATCHEL_KILL_WRITER_PATH"

    /// Runs only inside the child process: writes, then kills its own process with SIGKILL.
    @Test("writer child: save then die", .enabled(if: ProcessInfo.processInfo.environment[writerPathKey] != nil))
    func writerChild() throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.writerPathKey])
        let store = try LocalStore(path: path, server: nil)
        let article = try store.saveArticle(url: "https://example.com/survivor", title: "Survivor")
        try store.setNote(article.id, "written just before the crash")
        // Written straight to the file descriptor: nothing buffered may be lost when the process dies.
        let line = Array("WROTE \(article.id)\n".utf8)
        _ = line.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        kill(getpid(), SIGKILL)
    }

    @Test("killing the process between a local write and its sync loses nothing")
    func killBetweenWriteAndSync() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-kill-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("machine.sqlite").path
        let child = try Spawned(
            CommandLine.arguments[0], ["--testing-library", "swift-testing", "--filter", "writerChild"],
            environment: ProcessInfo.processInfo.environment.merging([Self.writerPathKey: path]) { $1 },
            output: .pipe)
        let (output, _, termination) = await child.finish()
        let printed = String(decoding: output, as: UTF8.self)
        #expect(termination == .signalled(SIGKILL), "the child really was killed; it ended with \(termination)")
        let written = try #require(printed.split(separator: "\n").first { $0.hasPrefix("WROTE ") }.flatMap { UUID(uuidString: String($0.dropFirst(6))) })

        let reopened = try LocalStore(path: path, server: nil)
        let article = try #require(try reopened.article(written))
        #expect(article.value.note == "written just before the crash")
        #expect(article.state == .pending)
        #expect(try reopened.status().pendingChanges == 2, "the create and the note change wait in the change log")
    }
}
