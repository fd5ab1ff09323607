import Dispatch
import Foundation

/// Runs a handler when the process receives one of `signals`, instead of being killed by it, until stopped.
final class SignalTrap: @unchecked Sendable {
    // Dispatch sources are thread-safe; they are only created here and cancelled in `stop()`.
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    /// Starts trapping `signals` (e.g. `SIGINT`, `SIGTERM`); `handler` runs on a private queue.
    init(_ signals: [Int32], handler: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "satchel.signals")
        self.signals = signals
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    /// Stops trapping and restores the default actions.
    func stop() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
