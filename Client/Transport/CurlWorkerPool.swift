import Foundation

/// One request waiting for, or going through, a curl worker thread; resumes its caller exactly once.
///
/// `@unchecked Sendable`: the caller's task, a worker thread and the cancellation handler all touch it;
/// every mutable field is guarded by `lock`.
final class CurlJob: @unchecked Sendable {
    private enum State {
        /// Made, not yet handed to a worker.
        case created
        /// Waiting for a worker, or on one.
        case pending(CheckedContinuation<HTTPResponseData, any Error>)
        /// The caller has been resumed.
        case finished
    }

    let request: HTTPRequestSpec
    let url: String
    private let lock = NSLock()
    private var state = State.created
    private var cancelled = false

    init(request: HTTPRequestSpec, url: String) {
        self.request = request
        self.url = url
    }

    /// Stores the caller's continuation; `false` (after resuming it with `CancellationError`) when the
    /// task was cancelled before the job could start.
    func attach(_ continuation: CheckedContinuation<HTTPResponseData, any Error>) -> Bool {
        let wasCancelled = lock.withLock {
            if cancelled {
                state = .finished
                return true
            }
            state = .pending(continuation)
            return false
        }
        if wasCancelled { continuation.resume(throwing: CancellationError()) }
        return !wasCancelled
    }

    /// Marks the job cancelled: a waiting caller is resumed at once; a running transfer aborts at
    /// curl's next progress callback.
    func cancel() {
        let continuation: CheckedContinuation<HTTPResponseData, any Error>? = lock.withLock {
            cancelled = true
            return takeContinuation()
        }
        continuation?.resume(throwing: CancellationError())
    }

    /// Whether the caller has given up; read by the transfer's progress callback.
    var isCancelled: Bool { lock.withLock { cancelled } }

    /// Whether the caller still waits for this job; a worker skips jobs that were cancelled in the queue.
    var isWaiting: Bool {
        lock.withLock {
            if case .pending = state { return true }
            return false
        }
    }

    /// Resumes the caller with the transfer's outcome unless it was resumed already.
    func finish(_ result: Result<HTTPResponseData, any Error>) {
        let continuation = lock.withLock { takeContinuation() }
        continuation?.resume(with: result)
    }

    /// Call with `lock` held.
    private func takeContinuation() -> CheckedContinuation<HTTPResponseData, any Error>? {
        guard case .pending(let continuation) = state else { return nil }
        state = .finished
        return continuation
    }
}

/// A few threads of our own, each owning one ``CurlHandle``, taking ``CurlJob``s from a queue.
///
/// `curl_easy_perform` blocks; on Swift's cooperative pool (two threads on a two-core machine) it
/// would stall every task in the process, an in-process server included. Threads start on demand, up
/// to `maxConnections`, and stay (keeping their connections alive) until ``shutDown()``.
///
/// `@unchecked Sendable`: the queue, counters and flag are guarded by `condition`.
final class CurlWorkerPool: @unchecked Sendable {
    private let configuration: CurlTransport.Configuration
    private let maxWorkers: Int
    private let condition = NSCondition()
    private var queue: [CurlJob] = []
    private var workers = 0
    private var idleWorkers = 0
    private var shuttingDown = false
    private var connectCount = 0

    init(configuration: CurlTransport.Configuration) {
        self.configuration = configuration
        self.maxWorkers = max(1, configuration.maxConnections)
    }

    /// Queues a job, starting a worker when none is free and the limit allows.
    func submit(_ job: CurlJob) {
        condition.lock()
        queue.append(job)
        let startWorker = queue.count > idleWorkers && workers < maxWorkers
        if startWorker { workers += 1 }
        condition.signal()
        let number = workers
        condition.unlock()
        if startWorker {
            let thread = Thread { [self] in runWorker() }
            thread.name = "satchel-curl-\(number)"
            thread.start()
        }
    }

    /// Lets the workers finish their current transfers and exit; queued jobs still run first.
    func shutDown() {
        condition.lock()
        shuttingDown = true
        condition.broadcast()
        condition.unlock()
    }

    /// New connections opened by all workers so far.
    var connectionsOpened: Int {
        condition.lock()
        defer { condition.unlock() }
        return connectCount
    }

    private func runWorker() {
        let handle = CurlHandle()
        while let job = nextJob() {
            guard job.isWaiting else { continue }
            let outcome = handle.perform(job, configuration: configuration)
            condition.lock()
            connectCount += outcome.newConnections
            condition.unlock()
            job.finish(outcome.result)
        }
    }

    /// Blocks until a job arrives; `nil` once shutting down with nothing left to do.
    private func nextJob() -> CurlJob? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty {
            if shuttingDown {
                workers -= 1
                return nil
            }
            idleWorkers += 1
            condition.wait()
            idleWorkers -= 1
        }
        return queue.removeFirst()
    }
}
