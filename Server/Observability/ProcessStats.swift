import Foundation
import SatchelShared

/// The figures of the server process that `/metrics` reports: resident memory, open file descriptors.
/// Read from `/proc` on Linux; on a system without it they are absent (and not reported) rather than zero.
struct ProcessStats: Sendable {
    /// Resident set size in bytes.
    var residentBytes: Double?
    /// Open file descriptors (sockets, database files, …).
    var openFileDescriptors: Double?

    /// Reads the current figures.
    static func read() -> ProcessStats {
        ProcessStats(residentBytes: residentBytes(), openFileDescriptors: openFileDescriptors())
    }

    /// Sets the process gauges of `metrics`, with the uptime and build version.
    func record(into metrics: ServerMetrics) {
        if let residentBytes { metrics.gauge("satchel_process_resident_memory_bytes", [], residentBytes) }
        if let openFileDescriptors { metrics.gauge("satchel_process_open_fds", [], openFileDescriptors) }
        let uptime = ContinuousClock.now - metrics.started
        metrics.gauge("satchel_uptime_seconds", [], uptime.inSeconds)
        metrics.gauge("satchel_build_info", [("version", metrics.version)], 1)
    }

    /// The second field of `/proc/self/statm` (resident pages) times the page size.
    private static func residentBytes() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return nil }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The entries of `/proc/self/fd`, less the one the listing itself holds open.
    private static func openFileDescriptors() -> Double? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return nil }
        return Double(max(0, entries.count - 1))
    }
}
