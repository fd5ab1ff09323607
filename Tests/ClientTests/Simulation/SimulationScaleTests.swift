import Foundation
import SatchelShared
import Testing

/// The search at scale: every world over many seeds, spread over the cores. `make sim SEEDS=10000` runs it
/// in a release build; `make test` runs a few seeds of every world. Prints each world's counts (so a world
/// that never meets its case shows it), seeds per second, and the first failing seed with the command that
/// replays it and its shrunk list of steps.
///
/// Settings: `SATCHEL_SIM_SEEDS` (seeds per world, default 1), `SATCHEL_SIM_FIRST_SEED` (default 1),
/// `SATCHEL_SIM_WORLDS` (comma-separated, default every world that can run here), `SATCHEL_SIM_JOBS`
/// (parallel seeds, default the cores).
@Suite("Simulation at scale")
struct SimulationScaleTests {
    @Test("SimulationScale: every world, every oracle, many seeds")
    func scale() async throws {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["SATCHEL_SIM_SEEDS"].flatMap(UInt64.init) ?? 1
        let first = environment["SATCHEL_SIM_FIRST_SEED"].flatMap(UInt64.init) ?? 1
        let asked = environment["SATCHEL_SIM_WORLDS"].flatMap { $0.isEmpty ? nil : $0 }.map {
            $0.split(separator: ",").compactMap { SimulationWorldKind(rawValue: String($0)) }
        } ?? SimulationWorldKind.passing
        for world in SimulationWorldKind.allCases where !asked.contains(world) {
            let why = world.unavailableReason.map { ": \($0)" } ?? ""
            print("world \(world.rawValue) not run (SATCHEL_SIM_WORLDS=\(world.rawValue) runs it)\(why)")
        }
        for world in asked {
            if let reason = world.unavailableReason { Issue.record("world \(world.rawValue) was asked for but cannot run: \(reason)") }
        }
        let worlds = asked.filter { $0.unavailableReason == nil }
        let jobs = environment["SATCHEL_SIM_JOBS"].flatMap(Int.init) ?? ProcessInfo.processInfo.activeProcessorCount
        #expect(!worlds.isEmpty, "SATCHEL_SIM_WORLDS names no world; worlds: \(SimulationWorldKind.allCases.map(\.rawValue))")
        let work = worlds.flatMap { world in (first..<first + count).map { SimulationScript(world: world, seed: $0) } }
        let started = Date()
        let outcome = try await Self.search(work, jobs: max(1, jobs))
        let seconds = Date().timeIntervalSince(started)
        for world in worlds {
            print("world \(world.rawValue): \((outcome.counts[world] ?? SimulationCounts()).line)")
        }
        let done = outcome.counts.values.map(\.seeds).reduce(0, +)
        print(String(format: "simulated %d seeds in %.1f s: %.1f seeds/s (%d in parallel)", done, seconds,
                     Double(done) / max(seconds, 0.001), jobs))
        guard let failing = outcome.firstFailure else { return }
        print("FIRST FAILING: \(failing.script.world.rawValue) seed \(failing.script.seed)")
        for failure in failing.failures.prefix(10) { print("  \(failure)") }
        print("replay: \(failing.script.replayCommand())")
        let oracle = failing.failures[0].oracleName
        let shrunk = await SimulationShrinker(script: failing.script, policy: .standard).shrink(oracle: oracle)
        print("shrunk to \(shrunk.keep.count) of \(failing.script.steps.count) steps (\(oracle) still fails):")
        for index in shrunk.keep { print("  \(failing.script.steps[index])") }
        print("replay the shrunk run: \(failing.script.replayCommand(keep: shrunk.keep))")
        Issue.record("\(failing.script.world.rawValue) seed \(failing.script.seed): \(failing.failures[0])")
    }

    struct Outcome {
        var counts: [SimulationWorldKind: SimulationCounts] = [:]
        var firstFailure: (script: SimulationScript, failures: [String])?
    }

    /// Runs the scripts `jobs` at a time; the first failure (in list order) is kept, and no new seed starts after one.
    static func search(_ work: [SimulationScript], jobs: Int) async throws -> Outcome {
        var outcome = Outcome()
        var failures: [Int: [String]] = [:]
        try await withThrowingTaskGroup(of: (Int, [String], SimulationCounts).self) { group in
            var next = 0
            func start() {
                guard next < work.count, failures.isEmpty else { return }
                let index = next, script = work[index]
                next += 1
                group.addTask {
                    do {
                        let (found, counts) = try await SimulatedWorld.run(script)
                        return (index, found, counts)
                    } catch {
                        return (index, ["run: the simulation threw \(error)"], SimulationCounts())
                    }
                }
            }
            for _ in 0..<jobs { start() }
            while let (index, found, counts) = try await group.next() {
                outcome.counts[work[index].world, default: SimulationCounts()] = outcome.counts[work[index].world, default: SimulationCounts()] + counts
                if !found.isEmpty { failures[index] = found }
                start()
            }
        }
        if let index = failures.keys.min() { outcome.firstFailure = (work[index], failures[index]!) }
        return outcome
    }
}
