import Foundation
import SatchelShared
import Testing

/// The one conversion from and to `Duration`.
@Suite("Duration units")
struct DurationUnitsTests {
    @Test("seconds, milliseconds and nanoseconds keep the fraction; a TimeInterval rounds to the microsecond")
    func conversions() {
        let duration = Duration.seconds(2) + .microseconds(345_678)
        #expect(duration.inSeconds == 2.345678)
        #expect(abs(duration.inMilliseconds - 2_345.678) < 1e-9)
        #expect(duration.wholeNanoseconds == 2_345_678_000)
        #expect(Duration.seconds(interval: 0.123) == .milliseconds(123), "0.123 s is not 122 ms")
        #expect(Duration.seconds(interval: 1.0000004) == .seconds(1))
        #expect(Duration.seconds(interval: 0) == .zero)
        #expect((Duration.zero - .milliseconds(5)).wholeNanoseconds == -5_000_000)
    }
}
