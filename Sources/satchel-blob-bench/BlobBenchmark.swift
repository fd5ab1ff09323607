import Foundation
import SatchelProcess
import SatchelClient
import SatchelShared

/// `make bench-blobs` (client and measurement side; scripts/bench-blobs.sh starts the server and nginx).
///
///     satchel-blob-bench prepare DIR                      writes big.bin (256 MiB) and small/0…9999 (20 KiB each)
///     satchel-blob-bench run BASE_URL SERVER_PID DIR      uploads and downloads them through Satchel
///
/// `run` registers a reader, saves the big file on machine A and syncs (the upload), syncs machine B (the
/// download into B's cache), then the same for the 10,000 small files; it prints MB/s or blobs/s, the
/// client's peak RSS growth and the server's RSS growth (sampled from /proc while each transfer runs).
@main
struct BlobBenchmark {
    static let bigSize = 256 << 20
    static let smallSize = 20 << 10
    static let smallCount = 10_000

    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "prepare" where arguments.count == 2:
            try prepare(arguments[1])
        case "run" where arguments.count == 4:
            guard let pid = Int32(arguments[2]) else { throw BenchError("SERVER_PID must be a process id") }
            try await run(baseURL: arguments[1], serverPID: pid, directory: arguments[3])
        default:
            throw BenchError("usage: satchel-blob-bench prepare DIR | run BASE_URL SERVER_PID DIR")
        }
    }

    /// Random bytes (incompressible) for the big file and the small ones.
    static func prepare(_ directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory + "/small", withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        guard let big = fopen(directory + "/big.bin", "wb") else { throw BenchError("cannot write \(directory)") }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<(bigSize >> 20) {
            for index in chunk.indices { chunk[index] = UInt8.random(in: 0...255, using: &generator) }
            _ = chunk.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, big) }
        }
        fclose(big)
        for number in 0..<smallCount {
            let bytes = Data((0..<smallSize).map { _ in UInt8.random(in: 0...255, using: &generator) })
            try bytes.write(to: URL(fileURLWithPath: "\(directory)/small/\(number)"))
        }
    }

    static func run(baseURL: String, serverPID: Int32, directory: String) async throws {
        let work = directory + "/clients-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let anonymous = SatchelAPI(transport: CurlTransport(baseURL: baseURL))
        // One reader for the big blob, another for the small ones, so each second machine fetches only its own.
        func register() async throws -> String {
            try await anonymous.register(
                username: "bench\(UInt32.random(in: 0...UInt32.max))", password: "blob benchmark",
                email: "bench@example.com").token
        }
        let bigReader = try await register(), smallReader = try await register()
        func machine(_ name: String, token: String) throws -> LocalStore {
            let transport = CurlTransport(baseURL: baseURL, configuration: .init(totalTimeout: 600))
            return try LocalStore(
                path: "\(work)/\(name).sqlite", server: SatchelAPI(transport: transport, token: token),
                fsyncEveryCommit: false, fileCacheBudget: 4 << 30)
        }
        let server = MemorySampler(pid: serverPID)

        // One big blob: A's sync uploads it (through a session), B's sync downloads it.
        let a = try machine("a", token: bigReader), b = try machine("b", token: bigReader)
        _ = try a.saveFile(path: directory + "/big.bin")
        let clientBefore = ProcessMemory.residentMegabytes()
        let up = try await server.measure { try await a.sync() }
        let down = try await server.measure { try await b.sync() }
        guard down.value.filesFetched == 1 else { throw BenchError("B fetched \(down.value.filesFetched) big files") }
        let clientGrowth = ProcessMemory.peakMegabytes() - clientBefore
        let megabytes = Double(bigSize) / 1_048_576
        say(String(format: "big blob (256 MiB): upload %.0f MB/s (%.2f s), download %.0f MB/s (%.2f s); "
                     + "server RSS growth %.0f MB upload, %.0f MB download; client peak RSS growth %.0f MB",
                     megabytes / up.seconds, up.seconds, megabytes / down.seconds, down.seconds,
                     up.growthMegabytes, down.growthMegabytes, clientGrowth))

        // 10,000 small blobs, one saved article each.
        let c = try machine("c", token: smallReader), d = try machine("d", token: smallReader)
        for number in 0..<smallCount { _ = try c.saveFile(path: "\(directory)/small/\(number)") }
        let smallUp = try await server.measure { try await c.sync() }
        let smallDown = try await server.measure { try await d.sync() }
        guard smallDown.value.filesFetched == smallCount else {
            throw BenchError("D fetched \(smallDown.value.filesFetched) of \(smallCount) small files")
        }
        say(String(format: "10,000 small blobs (20 KiB): upload and push %.0f blobs/s (%.2f s), "
                     + "pull and fetch into the second machine's cache %.0f blobs/s (%.2f s); server RSS growth %.0f MB",
                     Double(smallCount) / smallUp.seconds, smallUp.seconds, Double(smallCount) / smallDown.seconds,
                     smallDown.seconds, max(smallUp.growthMegabytes, smallDown.growthMegabytes)))
        say("bigUploadSeconds=\(up.seconds) bigDownloadSeconds=\(down.seconds)")
    }
}

/// Writes a line at once (unbuffered, also into a pipe), so nothing printed is lost if a later step fails.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// A benchmark that cannot go on.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
