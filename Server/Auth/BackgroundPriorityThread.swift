import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs CPU-heavy work (bcrypt) on a thread of its own at the lowest scheduling priority, so that when
/// the cores are busy, threads serving requests go first and the hash takes what is left. The number
/// of such threads at once is bounded by the caller (``HashingSlots``).
enum BackgroundPriorityThread {
    /// The `nice` value the thread runs at: 19, the lowest priority.
    static let niceness: Int32 = 19

    /// Linux's `SCHED_IDLE` policy (not exported to Swift without `_GNU_SOURCE`).
    static let schedIdle: Int32 = 5

    /// Runs `work` on a new thread, at the lowest priority unless `idle` is false, and returns its result.
    static func run<Result: Sendable>(idle: Bool = true, _ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                #if os(Linux)
                if idle { lowerPriority() }
                #endif
                continuation.resume(returning: work())
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    #if os(Linux)
    /// Moves the calling thread to the idle policy at the lowest nice value.
    private static func lowerPriority() {
        // On Linux the nice value and the policy are per thread: `who` 0 is the calling thread
        // alone. SCHED_IDLE runs it only when no ordinary thread wants the core, so a request
        // that wakes up never waits behind a hash for its time slice.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        var parameters = sched_param()
        parameters.sched_priority = 0
        _ = pthread_setschedparam(pthread_self(), schedIdle, &parameters)
    }
    #endif
}
