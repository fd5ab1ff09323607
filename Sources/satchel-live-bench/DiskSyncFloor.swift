import Foundation

/// What one durable commit costs this disk at least: `fdatasync` after a 4 KiB append, timed many times in the
/// directory the servers write to. A live-sync write waits for one such sync on the server (SQLite runs
/// `synchronous = FULL`; PostgreSQL syncs its WAL at commit), so no latency figure can sit below its median.
struct DiskSyncFloor {
    /// The median and 99th percentile in milliseconds.
    let p50: Double
    let p99: Double

    /// Times `count` appends of 4 KiB, each followed by `fdatasync`, in a file under `directory`.
    static func measure(in directory: URL, count: Int = 300) throws -> DiskSyncFloor {
        let path = directory.appendingPathComponent("fdatasync-probe").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer {
            close(descriptor)
            unlink(path)
        }
        let block = [UInt8](repeating: 0x61, count: 4096)
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let start = ContinuousClock.now
            let written = block.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written == block.count, fdatasync(descriptor) == 0 else { throw CocoaError(.fileWriteUnknown) }
            let elapsed = ContinuousClock.now - start
            samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        samples.sort()
        return DiskSyncFloor(p50: samples[count / 2], p99: samples[min(count - 1, Int(Double(count) * 0.99))])
    }
}
