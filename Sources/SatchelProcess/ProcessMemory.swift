import Foundation

/// Resident memory of this or another process, from /proc (for benchmarks).
public enum ProcessMemory {
    /// This process's resident set now, in MB.
    public static func residentMegabytes(pid: Int32? = nil) -> Double { field("VmRSS:", pid: pid) }

    /// This process's peak resident set so far, in MB.
    public static func peakMegabytes() -> Double { field("VmHWM:", pid: nil) }

    private static func field(_ name: String, pid: Int32?) -> Double {
        let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return 0 }
        return kilobytes / 1024
    }
}

/// Samples another process's resident memory every 20 ms while a transfer runs.
public struct MemorySampler: Sendable {
    /// The process sampled.
    public let pid: Int32

    /// A sampler of process `pid`.
    public init(pid: Int32) {
        self.pid = pid
    }

    /// Runs `body`, returning its value, its duration and the largest growth of the process's RSS over its
    /// value at the start.
    public func measure<T: Sendable>(_ body: () async throws -> T) async throws -> (value: T, seconds: Double, growthMegabytes: Double) {
        let pid = pid
        let before = ProcessMemory.residentMegabytes(pid: pid)
        let sampler = Task.detached { () -> Double in
            var most = before
            while !Task.isCancelled {
                most = max(most, ProcessMemory.residentMegabytes(pid: pid))
                try? await Task.sleep(for: .milliseconds(20))
            }
            return most
        }
        let start = ContinuousClock.now
        let value = try await body()
        let elapsed = ContinuousClock.now - start
        sampler.cancel()
        let most = await sampler.value
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (value, seconds, most - before)
    }
}
