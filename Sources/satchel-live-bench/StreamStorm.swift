import SatchelClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `satchel-live-bench storm STREAMS`: one server process's resident memory before, during and after a
/// storm of `GET /v1/sync/events` streams (raw loopback sockets, one account whose live-client limit is
/// raised), run twice on fresh server processes: without ``MemoryTrim`` and with it. The target: a minute
/// after the storm ends, RSS within 1.5× the resting figure.
struct StreamStorm {
    let server: LiveBenchServerProcess
    let streams: Int

    /// What one storm measured, in MB.
    struct Result {
        var rest: Double
        var during: Double
        /// RSS at 1, 10, 30 and 60 s after the last stream was closed.
        var after: [(seconds: Int, megabytes: Double)]
        /// Server file descriptors (sockets included) 60 s after the storm.
        var openFileDescriptors: Int
        var afterMinute: Double { after.last?.megabytes ?? 0 }
        var ratio: Double { rest > 0 ? afterMinute / rest : 0 }
    }

    /// Runs the storm without and with the trim and prints both, with the load average.
    static func runBoth(streams: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-storm-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #if DEBUG
        let build = "debug build (figures for the record come from the release build)"
        #else
        let build = "release build"
        #endif
        print("Event-stream storm, \(build): \(streams) streams opened at once on one server process, then closed")
        fflush(nil)
        for trim in [false, true] {
            let server = try LiveBenchServerProcess.start(
                database: directory.appendingPathComponent("storm-\(trim).sqlite").path, trimMemory: trim)
            let result = try await StreamStorm(server: server, streams: streams).run()
            server.stop()
            print(describe(result, trim: trim))
            fflush(nil)
        }
    }

    /// One line of the report.
    static func describe(_ result: Result, trim: Bool) -> String {
        func mb(_ value: Double) -> String { String(format: "%.1f", value) }
        let after = result.after.map { "+\($0.seconds) s \(mb($0.megabytes))" }.joined(separator: ", ")
        let met = result.ratio <= 1.5 ? "met" : "NOT met"
        return "\(trim ? "with MemoryTrim   " : "without MemoryTrim") RSS MB: rest \(mb(result.rest)), "
            + "during \(mb(result.during)), after \(after); \(String(format: "%.2f", result.ratio))× rest a minute after "
            + "(target <= 1.5×: \(met)); \(result.openFileDescriptors) fds open; load average \(loadAverage())"
    }

    /// Opens every stream, waits until each has its first bytes, closes them all, samples RSS for a minute.
    func run() async throws -> Result {
        let username = "storm\(UInt32.random(in: 0...UInt32.max))"
        let account = try await SatchelAPI(transport: CurlTransport(baseURL: server.baseURL))
            .register(username: username, password: "correct horse", email: "\(username)@example.com")
        try await Task.sleep(for: .seconds(1))
        let rest = server.residentMegabytes()

        let request = "GET /v1/sync/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(account.token)\r\n\r\n"
        var sockets: [Int32] = []
        sockets.reserveCapacity(streams)
        defer { for socket in sockets { Glibc.close(socket) } }
        for _ in 0..<streams {
            let socket = try WaiterFlood.connect(port: server.port)
            sockets.append(socket)
            _ = request.withCString { Glibc.send(socket, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        }
        let opened = try await Self.awaitFirstBytes(sockets, within: .seconds(120))
        guard opened == streams else { throw LiveBenchError("only \(opened) of \(streams) event streams opened") }
        let during = server.residentMegabytes()

        for socket in sockets { Glibc.close(socket) }
        sockets.removeAll()
        let closed = ContinuousClock.now
        var after: [(seconds: Int, megabytes: Double)] = []
        for seconds in [1, 10, 30, 60] {
            try await Task.sleep(until: closed + .seconds(seconds), clock: .continuous)
            after.append((seconds, server.residentMegabytes()))
        }
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(server.process.pid)/fd").count) ?? -1
        return Result(rest: rest, during: during, after: after, openFileDescriptors: fds)
    }

    /// How many of `sockets` received their first bytes (the stream's `retry:` line) within `limit`.
    private static func awaitFirstBytes(_ sockets: [Int32], within limit: Duration) async throws -> Int {
        var descriptors = sockets.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var answered = 0
        let deadline = ContinuousClock.now + limit
        var byte: UInt8 = 0
        while !descriptors.isEmpty, ContinuousClock.now < deadline {
            _ = Glibc.poll(&descriptors, nfds_t(descriptors.count), 0)
            var waiting: [pollfd] = []
            for descriptor in descriptors {
                if descriptor.revents == 0 {
                    waiting.append(pollfd(fd: descriptor.fd, events: Int16(POLLIN), revents: 0))
                } else if Glibc.recv(descriptor.fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) > 0 {
                    answered += 1
                }
            }
            descriptors = waiting
            try await Task.sleep(for: .milliseconds(50))
        }
        return answered
    }

    /// The 1-, 5- and 15-minute load averages, as `/proc/loadavg` gives them.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
