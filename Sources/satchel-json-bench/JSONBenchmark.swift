import Foundation
import SatchelShared

/// `make bench-json`: the hand-written JSON codec against Foundation's `JSONDecoder`, `JSONEncoder` and
/// `JSONSerialization` on the same bytes, in a release build.
///
/// Paths: a push of 500 mutations and its answer, a pull page of 1,000 records as the server sends it, one
/// post as `GET /v1/posts/{id}` serves it, one stored record, one list cursor. Every row is checked first
/// (both stacks read equal values and write the same bytes, or the same value where `JSONSerialization`
/// spells it differently); then each row runs `runs` times (7 by default) for at least `milliseconds` each
/// (250 by default), interleaved, and the table gives the median.
///
/// `satchel-json-bench [runs] [milliseconds per run]`
@main
struct JSONBenchmark {
    /// Builds the inputs, checks them, times every row and prints the table.
    static func main() throws {
        let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let runs = max(numbers.first ?? 7, 1), milliseconds = max(numbers.dropFirst().first ?? 250, 1)
        #if DEBUG
        print("warning: a debug build; figures mean nothing (swift build -c release)")
        #endif

        let inputs = try BenchInputs()
        let cases = try BenchCases(inputs: inputs)
        let rows = try cases.all()
        print("Satchel JSON benchmark: hand-written codec against Foundation, median of \(runs) runs of ≥ \(milliseconds) ms per row")
        print(String(format: "inputs: push %.1f KB (500 mutations), push answer %.1f KB, pull page %.1f KB (1,000 records), post %.1f KB, record %d B, cursor %d B",
                     Double(inputs.pushBytes.count) / 1_000, Double(inputs.pushResponseBytes.count) / 1_000,
                     Double(inputs.pullBytes.count) / 1_000, Double(inputs.postBytes.count) / 1_000,
                     inputs.record.utf8.count, inputs.cursorBytes.count))
        print("all rows checked equal (JSONSerialization writes the same bytes: "
              + cases.sameBytes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value ? "yes" : "no, same value")" }.joined(separator: ", ") + ")")
        let loadBefore = loadAverage()

        var timer = Timer(runs: runs, runSeconds: Double(milliseconds) / 1_000)
        let times = timer.measure(rows)
        let medians = times.map(median)
        print("load average before: \(loadBefore); after: \(loadAverage())  (checksum \(timer.sink % 1_000))")
        print("")
        printTable(rows, times: times, medians: medians)
    }

    /// The table in Markdown: per row the median µs per operation, MB/s (10^6 bytes), the runs' range, and for
    /// Foundation rows how many times faster the hand-written row named is (Foundation µs ÷ hand-written µs).
    static func printTable(_ rows: [BenchCase], times: [[Double]], medians: [Double]) {
        print("| path | operation | stack | µs/op (median) | MB/s | runs, µs (min–max) | hand-written ÷ Foundation |")
        print("|---|---|---|---:|---:|---:|---|")
        var group = ""
        for (position, row) in rows.enumerated() {
            let seconds = medians[position]
            let ratios = row.against.map { label -> String in
                guard let other = rows.firstIndex(where: { $0.group == row.group && $0.label == label }) else { return "?" }
                return String(format: "%.2f× vs %@", seconds / medians[other], label)
            }
            let range = String(format: "%@–%@", micros(times[position].min()!), micros(times[position].max()!))
            let path = row.group == group ? "" : row.group
            group = row.group
            print("| \(path) | \(row.label) | \(row.stack.rawValue) | \(micros(seconds)) | "
                  + String(format: "%.0f", Double(row.bytes) / 1e6 / seconds) + " | \(range) | \(ratios.joined(separator: "; ")) |")
        }
    }

    /// Seconds as microseconds with a sensible number of digits.
    static func micros(_ seconds: Double) -> String {
        let value = seconds * 1e6
        return value >= 100 ? String(format: "%.0f", value) : value >= 10 ? String(format: "%.1f", value) : String(format: "%.2f", value)
    }
}
