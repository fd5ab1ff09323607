import Foundation
import SatchelShared
import Testing
@testable import SatchelServer

/// A client that hangs up mid-upload is the client's doing: status 499 in the log (at info) and the
/// metrics, never a 5xx that anyone could trip alerts with.
@Suite("Client hang-ups")
struct ClientHangUpTests {
    @Test("a reset in the middle of a push body is logged at info as 499 and counted as 4xx, not 5xx")
    func resetMidUpload() async throws {
        try await ObservedServer.run { server in
            let port = try #require(server.live.client.port)
            let token = try await LiveReader.register("uploader", port: port)
            for _ in 0..<3 {
                let connection = try LoopbackHTTP(port: port)
                let head = "POST /v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 4000000\r\n\r\n"
                try connection.sendRaw(Data(head.utf8) + Data("{\"clientId\":\"a\",\"mutations\":[".utf8)
                    + Data(repeating: UInt8(ascii: " "), count: 200_000))
                try await Task.sleep(for: .milliseconds(100))
                connection.reset()
            }
            try await eventually("the three requests are logged") {
                server.logs.requestLines.filter { $0.contains("route=/v1/sync/push") }.count == 3
            }
            let lines = server.logs.requestLines.filter { $0.contains("route=/v1/sync/push") }
            #expect(lines.allSatisfy { $0.contains("status=499") && $0.contains("level=info") }, "\(lines)")
            let exposition = try await server.scrape()
            let labels = ["route": "/v1/sync/push", "method": "POST"]
            #expect(exposition.value("satchel_http_requests_total", labels.merging(["status": "5xx"]) { $1 }) == nil)
            #expect(exposition.value("satchel_http_requests_total", labels.merging(["status": "4xx"]) { $1 }) == 3)
        }
    }
}
