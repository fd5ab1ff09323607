/// A deterministic SplitMix64 generator, so every property-test case can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Property-test case count; each case gets its own seed so a failure names one replayable case.
let propertyCases = 1_000

/// Runs `body` once per case with a generator seeded by that case's seed.
func forEachSeed(
    _ cases: Int = propertyCases, base: UInt64 = 0x5A7C_4E11,
    _ body: (_ seed: UInt64, _ random: inout SeededGenerator) throws -> Void
) rethrows {
    for index in 0..<UInt64(cases) {
        let seed = base &+ index
        var random = SeededGenerator(seed: seed)
        try body(seed, &random)
    }
}
