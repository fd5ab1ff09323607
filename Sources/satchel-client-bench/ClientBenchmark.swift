import SatchelClient
import Foundation
import SatchelProcess
import SatchelShared

/// `make bench-client`: the client library's speed and memory, in a release build.
///
/// For each record count it starts a server in a child process (so this process's memory is the
/// client's alone), seeds that many saved articles for one reader, then measures here:
/// - the initial sync of every record into an empty client store: time in all, the client's CPU time
///   (this process; the server runs in its child), the server's time (from `Server-Timing`) and peak
///   resident memory;
/// - incremental syncs that each carry one change made by another machine: client time, server time
///   (from `Server-Timing`) and bytes on the wire (from libcurl).
@main
struct ClientBenchmark {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "serve" {
            try await BenchServer.serve(records: Int(arguments.dropFirst().first ?? "") ?? 100_000)
            return
        }
        let counts = arguments.compactMap(Int.init)
        print("Satchel client benchmark: SQLite client store, libcurl over loopback, server in a child process")
        for records in counts.isEmpty ? [100_000, 10_000] : counts {
            try await run(records: records)
        }
    }

    static func run(records: Int) async throws {
        let server = try BenchServerProcess.start(records: records)
        defer { server.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-client-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let meter = MeasuringTransport(CurlTransport(baseURL: server.baseURL))
        let store = try LocalStore(
            path: directory.appendingPathComponent("client.sqlite").path, server: SatchelAPI(transport: meter, token: server.token))

        let start = ContinuousClock.now, startCPU = ProcessCPU.seconds()
        let initial = try await store.sync()
        let initialSeconds = seconds(since: start), clientCPU = ProcessCPU.seconds() - startCPU
        guard initial.pulled == records else { throw BenchError("initial sync pulled \(initial.pulled) of \(records)") }
        let initialTraffic = meter.take()
        print(String(format: "%6d records  initial sync: %.2f s in all (%.0f records/s): client %.2f s CPU, server %.2f s; %d requests, %.1f MB on the wire, peak RSS %.0f MB",
                     records, initialSeconds, Double(records) / initialSeconds, clientCPU, initialTraffic.serverMillis / 1_000,
                     initialTraffic.requests,
                     Double(initialTraffic.bytes) / 1_048_576, ProcessMemory.peakMegabytes()))

        let otherMachine = SatchelAPI(transport: CurlTransport(baseURL: server.baseURL), token: server.token)
        var clientMillis: [Double] = [], serverMillis: [Double] = [], wireBytes: [Int] = []
        for round in 0..<25 {
            _ = try await otherMachine.push(PushRequest(clientId: "other-machine", mutations: [BenchServer.article(records + round)]))
            _ = meter.take()
            let start = ContinuousClock.now
            let summary = try await store.sync()
            clientMillis.append(seconds(since: start) * 1_000)
            guard summary.pulled == 1 else { throw BenchError("an incremental sync pulled \(summary.pulled) changes") }
            let traffic = meter.take()
            serverMillis.append(traffic.serverMillis)
            wireBytes.append(traffic.bytes)
        }
        print(String(format: "%6d records  incremental sync of one change (median of 25): client %.2f ms, server %.2f ms, %d bytes on the wire (max %d)",
                     records, median(clientMillis), median(serverMillis), Int(median(wireBytes.map(Double.init))),
                     wireBytes.max() ?? 0))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = (ContinuousClock.now - start).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }
}

/// A benchmark failure.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
