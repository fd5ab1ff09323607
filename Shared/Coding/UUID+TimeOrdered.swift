import Foundation

extension UUID {
    /// A new version 7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits.
    ///
    /// Ids made this way sort by creation time, so the ids one device mints land next to each other
    /// in a database index instead of all over it: inserting a batch dirties a few pages, not one page
    /// per row. Satchel's client uses them for every record and mutation it creates.
    public static func timeOrdered(millis: Int64 = Date().millis) -> UUID {
        var generator = SystemRandomNumberGenerator()
        return timeOrdered(millis: millis, using: &generator)
    }

    /// A version 7 UUID at `millis` with random bits from `generator` (for deterministic tests).
    public static func timeOrdered(millis: Int64, using generator: inout some RandomNumberGenerator) -> UUID {
        let time = UInt64(clamping: max(0, millis)) & 0xFFFF_FFFF_FFFF
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: time >> (8 * (5 - index))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: high & 0x0F)  // version 7
        bytes[7] = UInt8(truncatingIfNeeded: high >> 8)
        bytes[8] = 0x80 | UInt8(truncatingIfNeeded: low & 0x3F)  // RFC 9562 variant
        for index in 9..<16 { bytes[index] = UInt8(truncatingIfNeeded: low >> (8 * (index - 8))) }
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
