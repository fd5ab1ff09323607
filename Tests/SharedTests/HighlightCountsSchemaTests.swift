import Foundation
import Testing
import SatchelShared
import SatchelSync

/// The counts a highlight records on its capture (`repeatCount`, `occurrences`, `nearOccurrences`) are
/// refused when absurd: zero, negative, past 100,000, not a number.
@Suite("Highlight counts in the schema")
struct HighlightCountsSchemaTests {
    @Test("each count takes 1 to 100,000; zero, negative, huge, text and null are refused")
    func counts() {
        func validate(_ field: String, _ value: JSONValue) -> String? {
            SyncSchema.validate(Mutation(
                entity: .highlight, recordId: UUID(), op: .update, baseVersion: 1,
                hlc: HLCTimestamp(wallMillis: 1, counter: 0, node: "n"),
                fields: [field: FieldChange(base: nil, value: value)]))
        }
        for field in ["repeatCount", "occurrences", "nearOccurrences"] {
            #expect(validate(field, .number(1)) == nil, "\(field) 1")
            #expect(validate(field, .number(100_000)) == nil, "\(field) 100000")
            for bad: JSONValue in [.number(0), .number(-1), .number(100_001), .number(1e300), .string("2"), .null] {
                #expect(validate(field, bad) != nil, "\(field) \(bad)")
            }
        }
    }
}
