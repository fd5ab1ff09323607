import Foundation
import Testing
import SatchelShared
import SatchelSync

@Suite("MergeRules examples")
struct MergeRulesExampleTests {
    @Test func oneSidedTakesTheOnlyChange() {
        #expect(MergeRules.oneSided(base: 1, local: 2, remote: 2) == 2)
        #expect(MergeRules.oneSided(base: 1, local: 2, remote: 1) == 2)
        #expect(MergeRules.oneSided(base: 1, local: 1, remote: 3) == 3)
        #expect(MergeRules.oneSided(base: 1, local: 1, remote: 1) == 1)
        #expect(MergeRules.oneSided(base: 1, local: 2, remote: 3) == nil)
    }

    @Test func textMergesOrKeepsTheStoredValue() {
        #expect(MergeRules.text(base: "a\n\nb\n", local: "A\n\nb\n", remote: "a\n\nB\n") == .merged("A\n\nB\n"))
        #expect(MergeRules.text(base: "a", local: "stored", remote: "incoming")
            == .conflict(kept: "stored", lost: "incoming"))
        #expect(MergeRules.text(base: "a", local: "a", remote: "incoming") == .merged("incoming"))
    }

    @Test func maximumKeepsTheFurthestProgress() {
        #expect(MergeRules.maximum(base: 0.2, local: 0.5, remote: 0.4) == 0.5)
        #expect(MergeRules.maximum(base: 0.2, local: 0.3, remote: 0.9) == 0.9)
        #expect(MergeRules.maximum(base: 0.9, local: 0.1, remote: 0.2) == 0.2)
        #expect(MergeRules.maximum(base: 0, local: .nan, remote: 0.4) == 0.4)
        #expect(MergeRules.maximum(base: 0, local: 0.4, remote: .nan) == 0.4)
        #expect(MergeRules.maximum(base: 0, local: .nan, remote: .nan).isNaN)
    }

    @Test func setKeepsAddsAndRemovesOfBothSides() {
        let merged = MergeRules.set(
            base: ["keep", "dropLocal", "dropRemote", "dropBoth"] as Set,
            local: ["keep", "dropRemote", "addLocal", "addBoth"],
            remote: ["keep", "dropLocal", "addRemote", "addBoth"])
        #expect(merged == ["keep", "addLocal", "addRemote", "addBoth"])
    }

    @Test func tagListsComeBackSortedAndUnique() {
        let merged = MergeRules.set(base: ["b", "a"], local: ["b", "a", "d", "d"], remote: ["c", "a"])
        #expect(merged == ["a", "c", "d"])
    }

    @Test func lastWriterWinsByTimestamp() {
        let early = HLCTimestamp(wallMillis: 1, counter: 0, node: "a")
        let late = HLCTimestamp(wallMillis: 1, counter: 1, node: "a")
        let otherNode = HLCTimestamp(wallMillis: 1, counter: 1, node: "b")
        #expect(MergeRules.lastWriterWins(local: "x", localStamp: early, remote: "y", remoteStamp: late) == "y")
        #expect(MergeRules.lastWriterWins(local: "x", localStamp: late, remote: "y", remoteStamp: early) == "x")
        #expect(MergeRules.lastWriterWins(local: "x", localStamp: otherNode, remote: "y", remoteStamp: late) == "x")
        #expect(MergeRules.lastWriterWins(local: "x", localStamp: late, remote: "x", remoteStamp: late) == "x")
    }

    @Test func rulesAreCodableByName() throws {
        let data = try JSONEncoder().encode(MergeRule.allCases)
        #expect(String(decoding: data, as: UTF8.self)
            == #"["oneSided","threeWayText","maximum","setUnion","lastWriterWins"]"#)
        #expect(try JSONDecoder().decode([MergeRule].self, from: data) == MergeRule.allCases)
    }
}

@Suite("MergeRules properties")
struct MergeRulesPropertyTests {
    @Test func setMergeIsSymmetricAndKeepsEachSidesIntent() {
        forEachSeed { seed, random in
            let base = randomTags(&random)
            let local = edit(base, &random), remote = edit(base, &random)
            let merged = MergeRules.set(base: base, local: local, remote: remote)
            #expect(merged == MergeRules.set(base: base, local: remote, remote: local), "seed \(seed)")
            #expect(local.subtracting(base).isSubset(of: merged), "seed \(seed)")
            #expect(remote.subtracting(base).isSubset(of: merged), "seed \(seed)")
            #expect(merged.isDisjoint(with: base.subtracting(local)), "seed \(seed)")
            #expect(merged.isDisjoint(with: base.subtracting(remote)), "seed \(seed)")
            #expect(base.intersection(local).intersection(remote).isSubset(of: merged), "seed \(seed)")
            #expect(MergeRules.set(base: base, local: local, remote: local) == local, "seed \(seed)")
            #expect(MergeRules.set(base: base, local: local, remote: base) == local, "seed \(seed)")
            let list = MergeRules.set(base: Array(base), local: Array(local) + Array(local), remote: Array(remote))
            #expect(list == merged.sorted(), "seed \(seed)")
        }
    }

    @Test func maximumIsSymmetricAndAtLeastBoth() {
        forEachSeed { seed, random in
            let base = Double.random(in: 0...1, using: &random)
            let local = Double.random(in: 0...1, using: &random)
            let remote = Bool.random(using: &random) ? local : Double.random(in: 0...1, using: &random)
            let merged = MergeRules.maximum(base: base, local: local, remote: remote)
            #expect(merged == MergeRules.maximum(base: base, local: remote, remote: local), "seed \(seed)")
            #expect(merged >= local && merged >= remote, "seed \(seed)")
            #expect(merged == local || merged == remote, "seed \(seed)")
        }
    }

    @Test func lastWriterWinsIsSymmetric() {
        forEachSeed { seed, random in
            let localStamp = randomStamp(&random)
            var remoteStamp = randomStamp(&random)
            if remoteStamp == localStamp { remoteStamp.counter += 1 }
            let local = Int.random(in: 0...3, using: &random), remote = Int.random(in: 0...3, using: &random)
            let winner = MergeRules.lastWriterWins(
                local: local, localStamp: localStamp, remote: remote, remoteStamp: remoteStamp)
            let swapped = MergeRules.lastWriterWins(
                local: remote, localStamp: remoteStamp, remote: local, remoteStamp: localStamp)
            #expect(winner == swapped, "seed \(seed)")
            #expect(winner == (localStamp > remoteStamp ? local : remote), "seed \(seed)")
        }
    }
}

private let tagPool = (0..<12).map { "tag\($0)" }

private func randomTags(_ random: inout SeededGenerator) -> Set<String> {
    Set(tagPool.filter { _ in Bool.random(using: &random) })
}

/// Removes some of `base` and adds some new tags, as one machine's edit would.
private func edit(_ base: Set<String>, _ random: inout SeededGenerator) -> Set<String> {
    let kept = base.filter { _ in Int.random(in: 0..<4, using: &random) != 0 }
    let added = tagPool.filter { !base.contains($0) && Int.random(in: 0..<4, using: &random) == 0 }
    return kept.union(added)
}

private func randomStamp(_ random: inout SeededGenerator) -> HLCTimestamp {
    HLCTimestamp(
        wallMillis: Int64.random(in: 0...3, using: &random),
        counter: UInt32.random(in: 0...3, using: &random),
        node: ["a", "b", "c"].randomElement(using: &random)!)
}
