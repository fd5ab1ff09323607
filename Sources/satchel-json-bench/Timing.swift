import Foundation

/// Which JSON stack a measured operation uses.
enum Stack: String {
    /// The project's own codec (Shared/Coding, Shared/Sync/Protocol).
    case hand = "hand-written"
    /// `JSONDecoder` / `JSONEncoder` (through `SatchelJSON`) or `JSONSerialization`.
    case foundation = "Foundation"
}

/// One measured operation: a row of the table.
struct BenchCase {
    /// The path and direction, e.g. `push 500 mutations: decode`.
    let group: String
    /// What the row runs, e.g. `PushRequest.decode`.
    let label: String
    /// Its stack.
    let stack: Stack
    /// Bytes read or written per operation (for MB/s).
    let bytes: Int
    /// Labels of the hand-written rows of the same group this row is compared with.
    let against: [String]
    /// The work; returns a figure from the result so that the work cannot be optimized away.
    let operation: () -> Int
}

/// Median-of-runs timing: each case is calibrated to a run of at least the target length, then the runs of
/// all cases are interleaved (run 1 of every case, then run 2, …) so that a burst of load hits all alike.
struct Timer {
    /// Runs per case.
    let runs: Int
    /// Least length of one run.
    let runSeconds: Double
    /// Collects the operations' results, so that their work is observable.
    private(set) var sink = 0

    /// Creates a timer.
    init(runs: Int, runSeconds: Double) {
        self.runs = runs
        self.runSeconds = runSeconds
    }

    /// Seconds taken by `iterations` calls of `operation`.
    mutating func time(_ operation: () -> Int, iterations: Int) -> Double {
        let start = ContinuousClock.now
        var total = 0
        for _ in 0..<iterations { total &+= operation() }
        let elapsed = ContinuousClock.now - start
        sink &+= total
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// How many iterations make one run last at least ``runSeconds`` (this also warms the case up).
    mutating func calibrate(_ operation: () -> Int) -> Int {
        var iterations = 1
        while true {
            let seconds = time(operation, iterations: iterations)
            if seconds >= runSeconds { return iterations }
            let estimate = seconds > 0 ? Int((runSeconds / seconds * Double(iterations) * 1.1).rounded(.up)) : iterations * 8
            iterations = max(iterations + 1, min(iterations * 8, estimate))
        }
    }

    /// Seconds per operation of every run of every case, in case order.
    mutating func measure(_ cases: [BenchCase]) -> [[Double]] {
        let iterations = cases.map { calibrate($0.operation) }
        var perOperation = Array(repeating: [Double](), count: cases.count)
        for _ in 0..<runs {
            for (position, benchCase) in cases.enumerated() {
                perOperation[position].append(time(benchCase.operation, iterations: iterations[position]) / Double(iterations[position]))
            }
        }
        return perOperation
    }
}

/// The middle value (the mean of the two middle ones for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// The 1, 5 and 15 minute load averages, as `uptime` shows them, or `n/a` off Linux.
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "n/a" }
    return text.split(separator: " ").prefix(3).joined(separator: ", ")
}
