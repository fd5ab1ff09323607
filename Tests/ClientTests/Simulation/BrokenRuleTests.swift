import Foundation
import SatchelShared
import Testing
@testable import SatchelServer
import SatchelSync

/// Every oracle fails when the rule it guards is deliberately broken: the simulation runs with a
/// ``MergePolicy`` that swaps one rule, and the matching oracle must complain within a few seeds.
/// This is what shows that no oracle is a check that cannot fail.
@Suite("Simulation oracles catch broken merge rules")
struct BrokenRuleTests {
    static let cases: [(name: String, policy: MergePolicy, oracle: String, world: SimulationWorldKind)] = [
        ("tags as last-writer-wins", MergePolicy(fieldRules: [.savedArticle: ["tags": .lastWriterWins]]), "tags", .standard),
        ("progress as last-writer-wins", MergePolicy(fieldRules: [.savedArticle: ["readingProgress": .lastWriterWins]]),
         "progress", .standard),
        ("delete beats a concurrent edit", MergePolicy(editSurvivesDelete: false), "delete vs edit", .standard),
        ("draft body as last-writer-wins", MergePolicy(fieldRules: [.draft: ["body": .lastWriterWins]]), "text", .standard),
        ("highlight note as last-writer-wins", MergePolicy(fieldRules: [.highlight: ["note": .lastWriterWins]]), "text", .standard),
        ("highlight color as a three-way text merge (the first write kept)",
         MergePolicy(fieldRules: [.highlight: ["color": .threeWayText]]), "last writer wins", .standard),
        ("title as a three-way text merge (the first write kept)",
         MergePolicy(fieldRules: [.savedArticle: ["title": .threeWayText]]), "last writer wins", .standard),
        ("title as a three-way text merge, seen by the conflict records",
         MergePolicy(fieldRules: [.savedArticle: ["title": .threeWayText]]), "conflict", .standard),
    ]

    @Test("A broken rule makes its oracle fire", arguments: 0..<cases.count)
    func brokenRuleIsCaught(index: Int) async throws {
        let broken = Self.cases[index]
        var fired: (seed: UInt64, failure: String)?
        for seed in UInt64(1)...30 where fired == nil {
            let (failures, _) = try await SimulatedWorld.run(SimulationScript(world: broken.world, seed: seed), policy: broken.policy)
            if let failure = failures.first(where: { $0.oracleName == broken.oracle }) { fired = (seed, failure) }
        }
        #expect(fired != nil, "with \(broken.name), the \(broken.oracle) oracle never fired in 30 seeds")
        if let fired { print("\(broken.name): seed \(fired.seed): \(fired.failure)") }
    }
}
