import Foundation
import Synchronization
import Testing
@testable import SatchelServer
#if canImport(Glibc)
import Glibc
#endif

/// Memory after a crowd of live clients leaves: nothing of theirs is kept, and what the allocator keeps
/// of the freed memory is handed back to the system (``MemoryTrim``).
@Suite("Memory after a stream storm")
struct MemoryTrimTests {
    @Test("no trim while the live-client count holds or moves by less than the drop")
    func steady() {
        var schedule = MemoryTrimSchedule(minimumDrop: 100)
        let samples = [0, 50, 120, 80, 150, 60, 140, 100, 100]
        #expect(samples.filter { schedule.shouldTrim(liveClients: $0) }.isEmpty)
    }

    @Test("one trim once the crowd has left, at the sample after the count stopped falling")
    func afterStorm() {
        var schedule = MemoryTrimSchedule(minimumDrop: 1_000)
        let samples = [0, 4_000, 10_000, 10_000, 6_000, 0, 0, 0, 0, 3, 0]
        let trims = samples.indices.filter { schedule.shouldTrim(liveClients: samples[$0]) }
        #expect(trims == [6], "not while the streams are still closing (samples 4 and 5), then only once")
    }

    @Test("a slow decline is trimmed once it settles; a count that settles between drops, at each")
    func slowDecline() {
        var schedule = MemoryTrimSchedule(minimumDrop: 1_000)
        let samples = [5_000, 4_600, 4_200, 3_800, 3_400, 3_000, 2_600, 2_550, 2_500, 1_000, 1_000, 990]
        let trims = samples.indices.filter { schedule.shouldTrim(liveClients: samples[$0]) }
        #expect(trims == [7, 10], "not while it falls by 400 a sample; after it falls by 50 (under a tenth of the drop)")
    }

    @Test("a storm of event streams: every table is empty after it, and the service trims after it")
    func stormOverHTTP() async throws {
        let streams = 300
        try await LiveServer.run(liveFeed: LiveFeedNotifier(perAccount: 1_000)) { server in
            let port = try #require(server.client.port)
            let token = try await LiveReader.register("storm", port: port)
            let clients = server.dependencies.liveFeed.clients
            let trims = Atomic<Int>(0)
            let trim = MemoryTrim(
                interval: .milliseconds(20), minimumDrop: 100, count: { clients.count },
                release: { trims.add(1, ordering: .relaxed) })
            let service = Task { try await trim.run() }
            defer { service.cancel() }

            var connections: [LoopbackHTTP] = []
            for _ in 0..<streams {
                let connection = try LoopbackHTTP(port: port)
                try connection.send("GET", "/v1/sync/events", token: token)
                connections.append(connection)
            }
            try await eventually("every stream waits") { server.dependencies.liveFeed.waitingCount == streams }
            let user = try await userId(server, token)
            #expect(clients.count == streams)
            #expect(clients.count(userId: user) == streams)
            #expect(trims.load(ordering: .relaxed) == 0, "nobody has left yet")

            for connection in connections { connection.close() }
            try await eventually("every waiter is gone") { server.dependencies.liveFeed.waitingCount == 0 }
            try await eventually("every live-client slot is free") { clients.count == 0 }
            try await eventually("the crowd's memory is trimmed") { trims.load(ordering: .relaxed) >= 1 }
            // Once the count has settled at zero, no more trims: not at every sample.
            try await Task.sleep(for: .milliseconds(100))
            let settled = trims.load(ordering: .relaxed)
            try await Task.sleep(for: .milliseconds(200))
            #expect(trims.load(ordering: .relaxed) == settled)
            #expect(settled <= 3, "a trim per settled drop of 100 clients at most")
        }
    }

    @Test(
        "malloc_trim returns memory glibc kept after it was freed",
        .enabled(if: MemoryTrim.isAvailable, "glibc only"))
    func trimReturnsFreedMemory() throws {
        // 80 MB in 2 KB blocks, every 64th kept, as a crowd's buffers are freed around the few that stay:
        // the free runs between kept blocks are inside the heap, where free() does not give them back.
        let megabytes = 80, size = 2_048, count = 80 * 1_048_576 / 2_048
        let rest = try #require(Self.residentMegabytes())
        var blocks: [UnsafeMutableRawPointer] = []
        blocks.reserveCapacity(count)
        for _ in 0..<count {
            let block = try #require(malloc(size))
            memset(block, 1, size)
            blocks.append(block)
        }
        let allocated = try #require(Self.residentMegabytes())
        for (index, block) in blocks.enumerated() where index % 64 != 0 { free(block) }
        defer { for index in stride(from: 0, to: blocks.count, by: 64) { free(blocks[index]) } }
        let freed = try #require(Self.residentMegabytes())
        MemoryTrim.releaseFreeMemory()
        let trimmed = try #require(Self.residentMegabytes())
        let figures = "rest \(rest) MB, allocated \(allocated) MB, freed \(freed) MB, trimmed \(trimmed) MB"
        #expect(freed - trimmed >= Double(megabytes) / 2, "\(figures)")
    }

    private func userId(_ server: LiveServer, _ token: String) async throws -> UUID {
        try #require(try await server.dependencies.accounts.user(forTokenHash: TokenIssuer.hash(token), now: Date())).id
    }

    /// This process's resident memory in MB (VmRSS).
    static func residentMegabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kilobytes / 1024
    }
}
