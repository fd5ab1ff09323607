import Foundation
import SatchelShared
import SatchelSync

/// Shrinks a failing run to a short list of steps: removes runs of steps, halving their length, while the
/// same oracle still complains, so that a person can read what went wrong.
struct SimulationShrinker {
    let script: SimulationScript
    let policy: MergePolicy
    /// Most runs to spend.
    var budget = 200

    /// The indices of the steps that still fail, and the complaints of that shortest run.
    func shrink(oracle: String) async -> (keep: [Int], failures: [String]) {
        var keep = Array(script.steps.indices)
        var failures: [String] = []
        var runs = 0
        var chunk = max(1, keep.count / 2)
        while runs < budget {
            var index = 0
            var removed = false
            while index < keep.count && runs < budget {
                let candidate = Array(keep[..<index] + keep[min(index + chunk, keep.count)...])
                runs += 1
                if let complaints = await fails(candidate, oracle: oracle) {
                    keep = candidate
                    failures = complaints
                    removed = true
                } else {
                    index += chunk
                }
            }
            if chunk == 1 && !removed { break }
            if !removed || chunk > 1 { chunk = max(1, chunk / 2) }
        }
        return (keep, failures)
    }

    /// The complaints of the run with only `keep`'s steps, when `oracle` is among them.
    private func fails(_ keep: [Int], oracle: String) async -> [String]? {
        var shrunk = script
        shrunk.steps = keep.map { script.steps[$0] }
        guard let (failures, _) = try? await SimulatedWorld.run(shrunk, policy: policy) else { return nil }
        return failures.contains { $0.hasPrefix(oracle) } ? failures : nil
    }
}

extension SimulationScript {
    /// This script with only the steps at `keep`.
    func keeping(_ keep: [Int]) -> SimulationScript {
        var copy = self
        copy.steps = keep.filter { $0 < steps.count }.map { steps[$0] }
        return copy
    }
}

extension String {
    /// The oracle a complaint comes from: the words before its first colon.
    var oracleName: String { String(prefix { $0 != ":" }) }
}
