import Hummingbird
import Logging
import NIOCore
import SatchelProcess
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
    ///
    /// The server stops through a graceful shutdown, never by cancelling it: a connection accepted but not
    /// yet served when its task is cancelled traps inside SwiftNIO ("Deinited NIOAsyncWriter without calling
    /// finish()", apple/swift-nio#2813), while a graceful shutdown serves or closes every accepted connection.
    /// Only a shutdown that takes longer than `shutdownGrace` falls back to cancelling, and a server still
    /// running `abandonAfter` after that is left behind with an error logged: it never holds its caller.
    public static func run<App: ApplicationProtocol, Result: Sendable>(
        _ makeApp: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) async throws -> App,
        gracefulShutdownSignals: [UnixSignal] = [], afterwards: Afterwards = .stop,
        shutdownGrace: Duration = .seconds(30), abandonAfter: Duration = .seconds(10),
        _ work: (_ port: Int) async throws -> Result
    ) async throws -> Result {
        let (ports, portSink) = AsyncStream.makeStream(of: Int?.self)
        let app = try await makeApp { channel in
            portSink.yield(channel.localAddress?.port)
            portSink.finish()
        }
        let serviceGroup = ServiceGroup(configuration: .init(
            services: [app], gracefulShutdownSignals: gracefulShutdownSignals, logger: app.logger))
        // The server runs in a task of its own, not a child task: a server that does not stop even when
        // cancelled must not hold its caller (a test run, a benchmark) forever. It is cancelled with the caller.
        let stopped = EndSignal()
        let server = Task {
            // Ends the port stream when the server stops early, so the wait below ends too.
            defer {
                portSink.finish()
                stopped.end()
            }
            try await serviceGroup.run()
        }
        return try await withTaskCancellationHandler {
            var iterator = ports.makeAsyncIterator()
            guard let reported = await iterator.next(), let port = reported else {
                await stop(serviceGroup, server, stopped, grace: shutdownGrace, abandonAfter: abandonAfter, logger: app.logger)
                throw LoopbackServerError.didNotStart
            }
            let result: Result
            do {
                result = try await work(port)
            } catch {
                await stop(serviceGroup, server, stopped, grace: shutdownGrace, abandonAfter: abandonAfter, logger: app.logger)
                throw error
            }
            switch afterwards {
            case .stop: await stop(serviceGroup, server, stopped, grace: shutdownGrace, abandonAfter: abandonAfter, logger: app.logger)
            case .serveUntilSignalled: try await server.value
            }
            return result
        } onCancel: {
            server.cancel()
        }
    }

    /// Shuts the server down gracefully and waits for it; cancels it when that takes longer than `grace`, and
    /// abandons it, saying so, when it has not stopped `abandonAfter` later still.
    private static func stop(
        _ serviceGroup: ServiceGroup, _ server: Task<Void, any Error>, _ stopped: EndSignal, grace: Duration,
        abandonAfter: Duration, logger: Logger
    ) async {
        await serviceGroup.triggerGracefulShutdown()
        if await !stopped.wait(upTo: grace) {
            logger.warning("loopback server: graceful shutdown took longer than \(grace); cancelling it")
            server.cancel()
            if await !stopped.wait(upTo: abandonAfter) {
                logger.error("loopback server: still running \(abandonAfter) after it was cancelled; abandoning it")
                return
            }
        }
        // A server error at shutdown is not the work's result, so it is logged, not rethrown.
        if case .failure(let error) = await server.result, !(error is CancellationError) {
            logger.warning("loopback server: stopped with an error: \(error)")
        }
    }
}

/// Why ``LoopbackServer`` could not serve.
public enum LoopbackServerError: Error, CustomStringConvertible {
    /// The server stopped before it listened.
    case didNotStart
    /// A graceful shutdown did not finish in time, so the server was cancelled.
    case shutdownTimedOut

    /// Says what happened.
    public var description: String {
        switch self {
        case .didNotStart: "the server stopped before it listened on a loopback port"
        case .shutdownTimedOut: "the server did not shut down gracefully in time"
        }
    }
}
