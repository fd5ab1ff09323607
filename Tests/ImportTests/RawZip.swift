import Foundation

/// Builds ZIP archives byte by byte, stored (not compressed), so that tests can write what no honest
/// writer would: names with `../`, absolute paths, sizes that lie.
enum RawZip {
    /// One entry: its name, its bytes, and the uncompressed size the directory declares (its real size
    /// unless a test lies).
    struct Entry {
        var name: String
        var bytes: [UInt8]
        var declaredSize: UInt32?
    }

    /// The archive holding `entries`.
    static func archive(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let offset = UInt32(out.count)
            let name = Array(entry.name.utf8)
            let crc = crc32(entry.bytes)
            let size = UInt32(entry.bytes.count)
            let declared = entry.declaredSize ?? size
            out += le32(0x0403_4b50) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21)
            out += le32(crc) + le32(size) + le32(declared) + le16(UInt16(name.count)) + le16(0) + name + entry.bytes
            directory += le32(0x0201_4b50) + le16(20) + le16(20) + le16(0x0800) + le16(0) + le16(0) + le16(0x21)
            directory += le32(crc) + le32(size) + le32(declared) + le16(UInt16(name.count)) + le16(0) + le16(0)
            directory += le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let directoryOffset = UInt32(out.count)
        out += directory
        out += le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        out += le32(UInt32(directory.count)) + le32(directoryOffset) + le16(0)
        return out
    }

    /// Writes the archive to a fresh temporary file and returns its path.
    static func file(_ entries: [Entry]) throws -> String {
        let path = NSTemporaryDirectory() + "rawzip-\(UUID().uuidString).zip"
        try Data(archive(entries)).write(to: URL(fileURLWithPath: path))
        return path
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}
