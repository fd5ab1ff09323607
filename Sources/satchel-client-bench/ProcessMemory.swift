import Foundation

/// This process's memory, from /proc/self/status.
enum ProcessMemory {
    /// The peak resident set size so far, in MB.
    static func peakMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return 0 }
        return kilobytes / 1024
    }
}

/// This process's CPU time: the client's own work during a sync, apart from the server's child process.
enum ProcessCPU {
    /// User plus system CPU seconds of every thread of this process so far.
    static func seconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
