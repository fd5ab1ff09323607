/// Gzip streams made by hand (the tests link no zlib): stored blocks for any bytes, and a fixed-Huffman
/// stream of zeros that grows 160 times in decompression, for bombs.
enum Gzip {
    /// `bytes` in gzip, as stored (uncompressed) deflate blocks.
    static func stored(_ bytes: [UInt8]) -> [UInt8] {
        var output = header
        var offset = 0
        repeat {
            let end = min(bytes.count, offset + 65_535)
            let length = UInt16(end - offset)
            output.append(end == bytes.count ? 1 : 0)  // BFINAL, BTYPE 00, padded to the byte
            output += littleEndian(UInt32(length), bytes: 2) + littleEndian(UInt32(~length), bytes: 2)
            output += bytes[offset..<end]
            offset = end
        } while offset < bytes.count
        return output + littleEndian(crc32(bytes), bytes: 4) + littleEndian(UInt32(truncatingIfNeeded: bytes.count), bytes: 4)
    }

    /// `count` zero bytes in gzip: one literal zero, then matches of 258 bytes at distance 1, 13 bits each.
    /// The trailer's CRC is that of the zeros, so a reader that gets to the end accepts it.
    static func zeros(_ count: Int) -> [UInt8] {
        var bits = BitWriter()
        bits.write(1, count: 1)  // BFINAL
        bits.write(1, count: 2)  // BTYPE 01: fixed Huffman codes
        var left = count
        if left > 0 {
            bits.code(0x30, length: 8)  // literal 0
            left -= 1
        }
        while left >= 258 {
            bits.code(0xC5, length: 8)  // length code 285: 258 bytes
            bits.code(0, length: 5)  // distance code 0: distance 1
            left -= 258
        }
        for _ in 0..<left { bits.code(0x30, length: 8) }
        bits.code(0, length: 7)  // end of block
        return header + bits.finished + littleEndian(crc32OfZeros(count), bytes: 4)
            + littleEndian(UInt32(truncatingIfNeeded: count), bytes: 4)
    }

    private static let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]

    private static func littleEndian(_ value: UInt32, bytes: Int) -> [UInt8] {
        (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
    }

    private static let table: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index)) { crc, _ in crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        ~bytes.reduce(UInt32.max) { table[Int(($0 ^ UInt32($1)) & 0xFF)] ^ ($0 >> 8) }
    }

    /// The CRC of `count` zeros, a table step per byte without the bytes.
    private static func crc32OfZeros(_ count: Int) -> UInt32 {
        table.withUnsafeBufferPointer { table in
            var crc = UInt32.max
            for _ in 0..<count { crc = table[Int(crc & 0xFF)] ^ (crc >> 8) }
            return ~crc
        }
    }
}

/// Deflate's bit order: values least significant bit first, Huffman codes most significant bit first.
private struct BitWriter {
    var bytes: [UInt8] = []
    private var current: UInt32 = 0
    private var used: UInt32 = 0

    /// The bytes with the last partial byte padded with zero bits.
    var finished: [UInt8] { used > 0 ? bytes + [UInt8(current)] : bytes }

    mutating func write(_ value: UInt32, count: UInt32) {
        for bit in 0..<count { push((value >> bit) & 1) }
    }

    mutating func code(_ code: UInt32, length: UInt32) {
        for bit in (0..<length).reversed() { push((code >> bit) & 1) }
    }

    private mutating func push(_ bit: UInt32) {
        current |= bit << used
        used += 1
        if used == 8 {
            bytes.append(UInt8(current))
            current = 0
            used = 0
        }
    }
}
