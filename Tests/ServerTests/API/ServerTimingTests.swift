import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import SatchelServer
@testable import SatchelHTTP

@Suite("Server-Timing")
struct ServerTimingTests {
    @Test("every response, errors included, says how long the server spent on it")
    func header() async throws {
        try await LiveServer.run { server in
            for path in ["/health", "/v1/posts", "/v1/no-such-route"] {
                let response = try await server.send(.get, path)
                let value = try #require(response.headers[.serverTiming], "\(path)")
                #expect(value.hasPrefix("app;dur="), "\(path): \(value)")
                let millis = try #require(Double(value.dropFirst("app;dur=".count)), "\(path): \(value)")
                #expect(millis >= 0)
            }
        }
    }

    @Test("durations print as milliseconds with three decimals", arguments: [
        (0.0, "0.000"), (0.0004, "0.000"), (0.0005, "0.001"), (1.25, "1.250"), (12.3456, "12.346"), (1500.0, "1500.000"),
    ])
    func format(millis: Double, expected: String) {
        #expect(ServerTimingMiddleware<SatchelRequestContext>.format(millis) == expected)
    }
}
