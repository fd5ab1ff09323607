import AsyncHTTPClient
import Foundation
import NIOCore
import SatchelShared

/// A minimal JSON client for the benchmark.
struct BenchClient: Sendable {
    let base: String
    let http = HTTPClient(eventLoopGroupProvider: .singleton)

    func register() async throws -> String {
        let body = RegisterRequest(username: "bench\(Int.random(in: 1...1_000_000))", password: "benchmark", email: "b@example.com")
        let response: RegisterResponse = try await send("POST", "/v1/accounts", body: body, token: nil)
        return response.token
    }

    func push(body: Data, token: String) async throws -> [MutationResult] {
        let data = try await exchange("POST", "/v1/sync/push", body: body, token: token)
        return try PushResponse.decode(data).results
    }

    func pull(cursor: String?, token: String) async throws -> PullResponse {
        let path = "/v1/sync/pull?limit=1000" + (cursor.map { "&cursor=\($0)" } ?? "")
        return try PullResponse.decode(try await exchange("GET", path, body: nil, token: token))
    }

    private func send<Body: Encodable, Result: Decodable>(_ method: String, _ path: String, body: Body?, token: String?)
        async throws -> Result
    {
        let data = try await exchange(method, path, body: try body.map { try SatchelJSON.encoder().encode($0) }, token: token)
        return try SatchelJSON.decoder().decode(Result.self, from: data)
    }

    private func exchange(_ method: String, _ path: String, body: Data?, token: String?) async throws -> Data {
        var request = HTTPClientRequest(url: base + path)
        request.method = .RAW(value: method)
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await http.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw BenchError("\(method) \(path): \(response.status) \(String(buffer: bytes))")
        }
        return Data(buffer: bytes)
    }
}

/// This process's CPU time (user and system, all threads), in seconds.
enum ProcessCPU {
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

/// Reads this process's memory from /proc.
enum ProcessMemory {
    static func residentMegabytes() -> Double { field("VmRSS:") }
    static func peakMegabytes() -> Double { field("VmHWM:") }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return 0 }
        return kilobytes / 1024
    }
}
