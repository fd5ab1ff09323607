import Foundation
import Logging
import SatchelShared
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// Hands the memory a crowd of live-sync clients freed back to the system once the crowd has gone.
///
/// glibc's allocator keeps what is freed inside its arenas (up to eight per core, one per busy thread)
/// and returns only the free space at the top of each heap, so after 10,000 event streams close the
/// process stays at hundreds of MB resident while ~10 MB is still in use (docs/PERFORMANCE.md, "Memory
/// after a stream storm"). This service reads the live-client count every `interval` (one lock, no
/// allocation); once the count has fallen by at least `minimumDrop` from its high point and has stopped
/// falling, it calls `malloc_trim(0)` once, which returns every free page of every arena. Where
/// there is no glibc (macOS, musl) it does nothing.
///
/// ```swift
/// let trim = MemoryTrim(clients: dependencies.liveFeed.clients, logger: logger)
/// // run it beside the server: SatchelApplication.make(…, services: opened.services + [trim])
/// ```
public struct MemoryTrim: Service {
    /// How often the live-client count is read. 5 s by default.
    public let interval: Duration
    /// How far the count must fall from its high point before a trim. 1,000 clients by default.
    public let minimumDrop: Int
    private let count: @Sendable () -> Int
    private let release: @Sendable () -> Void
    private let logger: Logger

    /// Watches `clients`; trims with glibc's `malloc_trim(0)`.
    public init(
        clients: LiveClientSlots, interval: Duration = .seconds(5), minimumDrop: Int = 1_000,
        logger: Logger = Logger(label: "satchel.memory")
    ) {
        self.init(
            interval: interval, minimumDrop: minimumDrop, count: { clients.count },
            release: { Self.releaseFreeMemory() }, logger: logger)
    }

    /// Watches `count`; calls `release` to trim (tests count the calls).
    init(
        interval: Duration, minimumDrop: Int, count: @escaping @Sendable () -> Int,
        release: @escaping @Sendable () -> Void, logger: Logger = Logger(label: "satchel.memory")
    ) {
        self.interval = interval
        self.minimumDrop = max(1, minimumDrop)
        self.count = count
        self.release = release
        self.logger = logger
    }

    /// Reads the count every `interval` and trims after each large drop, until cancelled or shut down.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var schedule = MemoryTrimSchedule(minimumDrop: minimumDrop)
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                let live = count()
                guard schedule.shouldTrim(liveClients: live) else { continue }
                let before = ProcessStats.read().residentBytes
                let started = ContinuousClock.now
                release()
                let took = ContinuousClock.now - started
                let after = ProcessStats.read().residentBytes
                logger.info("returned freed memory to the system", metadata: [
                    "live_clients": "\(live)", "took_ms": "\(String(format: "%.1f", took.inMilliseconds))",
                    "rss_before_mb": "\(before.map { Int($0 / 1_048_576) } ?? -1)",
                    "rss_after_mb": "\(after.map { Int($0 / 1_048_576) } ?? -1)",
                ])
            }
        }
    }

    /// Whether this process's C library can trim (glibc's `malloc_trim` is there).
    public static var isAvailable: Bool { mallocTrim != nil }

    /// Returns every free page of the allocator's arenas to the system now; does nothing without glibc.
    public static func releaseFreeMemory() {
        _ = mallocTrim?(0)
    }

    /// glibc's `malloc_trim`, looked up once: Swift's Glibc module does not import `<malloc.h>`.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()
}

/// When ``MemoryTrim`` trims: once the live-client count has fallen by `minimumDrop` from its high
/// point and has settled, falling by less than a tenth of that since the sample before (so the crowd
/// has left and its memory is freed). The high point restarts at the count of each trim.
struct MemoryTrimSchedule: Sendable {
    let minimumDrop: Int
    private var peak = 0
    private var previous = 0

    init(minimumDrop: Int) {
        self.minimumDrop = max(1, minimumDrop)
    }

    /// Takes one sample of the count; true when it is time to trim.
    mutating func shouldTrim(liveClients count: Int) -> Bool {
        defer { previous = count }
        peak = max(peak, count)
        guard peak - count >= minimumDrop, previous - count < max(1, minimumDrop / 10) else { return false }
        peak = count
        return true
    }
}
