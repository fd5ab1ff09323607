import Synchronization

/// Runs a readiness check with a deadline: whichever comes first, the check's answer or the deadline,
/// is the answer, and the check is cancelled if late. Unlike a task group, it never waits for a check
/// that ignores cancellation (a pool waiting for a database that is down).
enum ReadinessDeadline {
    static func answer(
        within deadline: Duration, otherwise late: Readiness, _ check: @escaping @Sendable () async -> Readiness
    ) async -> Readiness {
        await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            let work = Task { once.resume(await check()) }
            Task {
                try? await Task.sleep(for: deadline)
                work.cancel()
                once.resume(late)
            }
        }
    }

    /// Resumes its continuation with the first value given, ignoring later ones.
    private final class ResumeOnce: Sendable {
        private let continuation: Mutex<CheckedContinuation<Readiness, Never>?>

        init(_ continuation: CheckedContinuation<Readiness, Never>) { self.continuation = Mutex(continuation) }

        func resume(_ value: Readiness) {
            continuation.withLock { $0.take() }?.resume(returning: value)
        }
    }
}
