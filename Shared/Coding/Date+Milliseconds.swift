import Foundation

extension Date {
    /// Milliseconds since 1970, rounded to the nearest: the one conversion that the wire format, both
    /// stores, the client's database and the hybrid clocks share (truncating would turn `.123` into
    /// `.122`, since binary floating point cannot hold most decimal milliseconds exactly).
    public var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    /// The date `millis` milliseconds after 1970.
    public init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
