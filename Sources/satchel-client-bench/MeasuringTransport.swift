import SatchelClient
import Foundation
import Synchronization

/// Counts what passes through a transport: requests, bytes on the wire and the server's own time.
final class MeasuringTransport: HTTPTransport {
    struct Traffic {
        var requests = 0
        var bytes = 0
        var serverMillis = 0.0
    }

    private let inner: any HTTPTransport
    private let traffic = Mutex(Traffic())

    init(_ inner: any HTTPTransport) { self.inner = inner }

    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseData {
        let response = try await inner.send(request)
        let serverMillis = response.headers["server-timing"].flatMap(Self.duration) ?? 0
        traffic.withLock {
            $0.requests += 1
            $0.bytes += response.bytesOnWire
            $0.serverMillis += serverMillis
        }
        return response
    }

    /// What was counted since the last call, resetting the counters.
    func take() -> Traffic {
        traffic.withLock { counted in
            defer { counted = Traffic() }
            return counted
        }
    }

    /// The `dur` of `app;dur=1.234`.
    static func duration(_ header: String) -> Double? {
        header.split(separator: ";").first { $0.hasPrefix("dur=") }.flatMap { Double($0.dropFirst(4)) }
    }
}
