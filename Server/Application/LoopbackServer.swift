import Hummingbird
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Serves an application on a free loopback port for as long as some work needs it: the one way that
/// tests, benchmarks and tools embedding a server start one.
///
/// ```swift
/// try await LoopbackServer.run({ onServerRunning in
///     try await SatchelApplication.make(
///         configuration: ServerConfiguration(host: "127.0.0.1", port: 0), dependencies: dependencies,
///         onServerRunning: onServerRunning)
/// }) { port in
///     print("serving on http://127.0.0.1:\(port)")
/// }
/// ```
public enum LoopbackServer {
    /// What happens to the server once the work is done.
    public enum Afterwards: Sendable {
        /// Stop it at once.
        case stop
        /// Keep serving until a graceful-shutdown signal stops it (a server in a child process).
        case serveUntilSignalled
    }

    /// Makes the application with `makeApp` (which hands the given callback to its `onServerRunning`), runs
    /// it, and runs `work` with the port it listens on. Throws ``LoopbackServerError/didNotStart`` when the
    /// server stops before it listens (a bind failure, say); leaving `work` by throwing stops the server.
    public static func run<App: ApplicationProtocol, Result: Sendable>(
        _ makeApp: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) async throws -> App,
        gracefulShutdownSignals: [UnixSignal] = [], afterwards: Afterwards = .stop,
        _ work: (_ port: Int) async throws -> Result
    ) async throws -> Result {
        let (ports, portSink) = AsyncStream.makeStream(of: Int?.self)
        let app = try await makeApp { channel in
            portSink.yield(channel.localAddress?.port)
            portSink.finish()
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Ends the port stream when the server stops early, so the wait below ends too.
                defer { portSink.finish() }
                try await app.runService(gracefulShutdownSignals: gracefulShutdownSignals)
            }
            var iterator = ports.makeAsyncIterator()
            guard let reported = await iterator.next(), let port = reported else {
                group.cancelAll()
                throw LoopbackServerError.didNotStart
            }
            let result = try await work(port)
            switch afterwards {
            case .stop: group.cancelAll()
            case .serveUntilSignalled: try await group.waitForAll()
            }
            return result
        }
    }
}

/// Why ``LoopbackServer`` could not serve.
public enum LoopbackServerError: Error, CustomStringConvertible {
    /// The server stopped before it listened.
    case didNotStart

    /// Says what happened.
    public var description: String { "the server stopped before it listened on a loopback port" }
}
