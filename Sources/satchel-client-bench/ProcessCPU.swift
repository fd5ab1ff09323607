import Foundation

/// This process's CPU time: the client's own work during a sync, apart from the server's child process.
enum ProcessCPU {
    /// User plus system CPU seconds of every thread of this process so far.
    static func seconds() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
