import Foundation
import SatchelProcess

/// A seeded server running in a child process (this same executable, `serve N`).
final class BenchServerProcess {
    let process: Spawned
    let baseURL: String
    let token: String

    private init(process: Spawned, baseURL: String, token: String) {
        self.process = process
        self.baseURL = baseURL
        self.token = token
    }

    /// Starts the child and waits until it has seeded `records` articles.
    static func start(records: Int) throws -> BenchServerProcess {
        let process = try Spawned(
            URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path,
            ["serve", String(records)], output: .pipe, errors: .inherit)
        guard let output = process.output else { throw BenchError("the server process has no output pipe") }
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = output.availableData
            guard !chunk.isEmpty else { throw BenchError("the server process exited before it was ready") }
            buffer.append(chunk)
        }
        let words = String(decoding: buffer, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count == 3, words[0] == "READY" else { throw BenchError("unexpected server output: \(words)") }
        return BenchServerProcess(process: process, baseURL: "http://127.0.0.1:\(words[1])", token: String(words[2]))
    }

    /// Stops the child and waits for it.
    func stop() {
        process.signal(SIGTERM)
        _ = process.waitBlocking()
    }
}
