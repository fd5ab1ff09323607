import Foundation

/// Runs `body` on a thread of its own and awaits its result: the hostile-input tests build and parse megabytes,
/// or decode images, and on the test process's two-thread cooperative pool that would stall the live-server
/// tests running beside them.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
