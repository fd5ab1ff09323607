import Foundation
import Testing
@testable import SatchelShared

/// One millisecond conversion for the wire, the stores, the client's database and the clocks.
@Suite("Dates in milliseconds")
struct DateMillisecondsTests {
    @Test("every millisecond count survives a trip through Date, and through the wire's text")
    func roundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        var truncationWouldFail = 0
        for _ in 0..<20_000 {
            let millis = Int64.random(in: 0...4_102_444_800_000, using: &generator)  // 1970 to 2100
            let date = Date(millis: millis)
            #expect(date.millis == millis)
            if Int64(date.timeIntervalSince1970 * 1000) != millis { truncationWouldFail += 1 }
            let text = SatchelJSON.string(from: date)
            let parsed = try SatchelJSON.decoder().decode(Date.self, from: Data("\"\(text)\"".utf8))
            #expect(parsed.millis == millis, "\(text)")
        }
        #expect(truncationWouldFail > 0, "the sample holds values that truncating would get wrong")
    }

    @Test("rounding is to the nearest millisecond")
    func nearest() {
        #expect(Date(timeIntervalSince1970: 1.0004).millis == 1_000)
        #expect(Date(timeIntervalSince1970: 1.0006).millis == 1_001)
        #expect(Date(timeIntervalSince1970: 0.123).millis == 123)
    }
}
