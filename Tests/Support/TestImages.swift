import Foundation
import SatchelImages

/// Images made by the tests themselves: PNGs and GIFs written byte by byte, JPEGs and WebPs encoded from
/// them by libvips, and the hostile ones built from those.
public enum TestImages {
    // MARK: PNG

    /// An 8-bit RGB (or grey, or RGBA) PNG of a gradient, its pixels in stored (uncompressed) deflate blocks.
    public static func png(width: Int, height: Int, channels: Int = 3) -> [UInt8] {
        let rowBytes = width * channels + 1
        var raw = [UInt8](repeating: 0, count: rowBytes * height)
        raw.withUnsafeMutableBufferPointer { pixels in
            for y in 0..<height {
                let row = y * rowBytes
                let down = UInt8((y * 255) / max(1, height - 1))
                for x in 0..<width {
                    let at = row + 1 + x * channels
                    let across = UInt8((x * 255) / max(1, width - 1))
                    pixels[at] = across
                    if channels >= 3 {
                        pixels[at + 1] = down
                        pixels[at + 2] = UInt8((x + y) & 0xFF)
                    }
                    if channels == 4 { pixels[at + 3] = 200 }
                }
            }
        }
        let colourType: UInt8 = switch channels { case 1: 0; case 4: 6; default: 2 }
        return pngFile(width: width, height: height, colourType: colourType, idat: zlibStored(raw))
    }

    /// A PNG whose header claims `width` × `height` pixels, followed by a few bytes of nothing.
    public static func pngClaiming(width: Int, height: Int) -> [UInt8] {
        pngFile(width: width, height: height, colourType: 2, idat: zlibStored([0, 0, 0, 0]))
    }

    public static func pngFile(width: Int, height: Int, colourType: UInt8, idat: [UInt8]) -> [UInt8] {
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, colourType, 0, 0, 0])
        file += chunk("IDAT", idat)
        file += chunk("IEND", [])
        return file
    }

    public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    public static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        out.reserveCapacity(data.count + data.count / 65_535 * 5 + 16)
        var offset = 0
        repeat {
            let count = min(65_535, data.count - offset)
            let last: UInt8 = offset + count == data.count ? 1 : 0
            out += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[offset..<offset + count]
            offset += count
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        data.withUnsafeBufferPointer { bytes in
            // Sums kept below 2^32 by reducing every 5,552 bytes, as zlib does.
            var index = 0
            while index < bytes.count {
                let end = min(index + 5_552, bytes.count)
                while index < end {
                    a &+= UInt32(bytes[index])
                    b &+= a
                    index += 1
                }
                a %= 65_521
                b %= 65_521
            }
        }
        return out + bigEndian(b << 16 | a)
    }

    public static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        crcTable.withUnsafeBufferPointer { table in
            data.withUnsafeBufferPointer { bytes in
                for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
            }
        }
        return c ^ 0xFFFF_FFFF
    }

    public static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    public static func littleEndian16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }

    // MARK: GIF

    /// An animated GIF of `frames` frames of `width` × `height`. Its LZW data is one byte per code: with a
    /// minimum code size of 7 the codes are 8 bits wide, and a clear code every 100 pixels keeps them so.
    public static func gif(width: Int, height: Int, frames: Int) -> [UInt8] {
        var out = Array("GIF89a".utf8) + littleEndian16(width) + littleEndian16(height) + [0xF6, 0, 0]
        for i in 0..<128 { out += [UInt8(i * 2), UInt8(255 - i * 2), UInt8((i * 7) % 256)] }
        out += [0x21, 0xFF, 0x0B] + Array("NETSCAPE2.0".utf8) + [0x03, 0x01, 0x00, 0x00, 0x00]
        for frame in 0..<frames {
            out += [0x21, 0xF9, 0x04, 0x04] + littleEndian16(10) + [0x00, 0x00]
            out += [0x2C] + littleEndian16(0) + littleEndian16(0) + littleEndian16(width) + littleEndian16(height) + [0x00, 0x07]
            var codes: [UInt8] = []
            let pixels = (0..<(width * height)).map { UInt8(($0 % width + frame * 9) % 128) }
            var start = 0
            while start < pixels.count {
                codes.append(128)
                codes += pixels[start..<min(start + 100, pixels.count)]
                start += 100
            }
            codes.append(129)
            var offset = 0
            while offset < codes.count {
                let count = min(255, codes.count - offset)
                out.append(UInt8(count))
                out += codes[offset..<offset + count]
                offset += count
            }
            out.append(0)
        }
        return out + [0x3B]
    }

    /// A GIF whose screen is `width` × `height` with `frames` frame descriptors but almost no pixel data:
    /// what a decompression bomb looks like to the header reader.
    public static func gifClaiming(width: Int, height: Int, frames: Int) -> [UInt8] {
        var out = Array("GIF89a".utf8) + littleEndian16(width) + littleEndian16(height) + [0x00, 0, 0]
        for _ in 0..<frames {
            out += [0x2C] + littleEndian16(0) + littleEndian16(0) + littleEndian16(width) + littleEndian16(height) + [0x00, 0x07]
            out += [0x01, 0x80, 0x00]
        }
        return out + [0x3B]
    }

    // MARK: JPEG and WebP, through libvips

    /// `png` encoded as a full-size JPEG (or WebP).
    public static func encoded(_ png: [UInt8], as format: VariantFormat) throws -> [UInt8] {
        try ImagePipeline.reencode(png, as: format)
    }

    public static func jpeg(width: Int, height: Int) throws -> [UInt8] {
        try encoded(png(width: width, height: height), as: .jpeg)
    }

    /// `jpeg` with an EXIF block right after its start: orientation `orientation` and a GPS position
    /// (51° 30′ 12.34″ N).
    public static func withGPSExif(_ jpeg: [UInt8], orientation: UInt16 = 1) -> [UInt8] {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }
        let ifd0 = 8, ifd0Size = 2 + 2 * 12 + 4
        let gps = ifd0 + ifd0Size, gpsSize = 2 + 2 * 12 + 4
        let rationals = gps + gpsSize
        var tiff: [UInt8] = Array("II*".utf8) + [0] + le32(ifd0)
        tiff += le16(2)
        tiff += le16(0x0112) + le16(3) + le32(1) + le16(Int(orientation)) + le16(0)
        tiff += le16(0x8825) + le16(4) + le32(1) + le32(gps)
        tiff += le32(0)
        tiff += le16(2)
        tiff += le16(0x0001) + le16(2) + le32(2) + Array("N".utf8) + [0, 0, 0]
        tiff += le16(0x0002) + le16(5) + le32(3) + le32(rationals)
        tiff += le32(0)
        tiff += le32(51) + le32(1) + le32(30) + le32(1) + le32(1234) + le32(100)
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let segment: [UInt8] = [0xFF, 0xE1, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
        return Array(jpeg[0..<2]) + segment + Array(jpeg[2...])
    }

    /// A JPEG that is also an HTML page: a comment segment right after its start holds the markup.
    public static func htmlPolyglot(_ jpeg: [UInt8]) -> [UInt8] {
        let html = Array("<html><body><script>alert('polyglot')</script></body></html>".utf8)
        let segment: [UInt8] = [0xFF, 0xFE, UInt8((html.count + 2) >> 8), UInt8((html.count + 2) & 0xFF)] + html
        return Array(jpeg[0..<2]) + segment + Array(jpeg[2...])
    }

    // MARK: Not images

    /// A ZIP archive of one stored file.
    public static func zip() -> [UInt8] {
        let name = Array("hello.txt".utf8), data = Array("hello".utf8)
        var local: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        local += bigEndian(crc32(data)).reversed() + [5, 0, 0, 0, 5, 0, 0, 0] + littleEndian16(name.count) + [0, 0]
        return local + name + data
    }

    public static let svg = Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>
        """.utf8)

    // MARK: Reading variants back

    /// What exiftool (Debian's `libimage-exiftool-perl`) reads in `bytes`: every tag of every group, as
    /// `Group:Tag` → value.
    public static func exiftool(_ bytes: [UInt8]) throws -> [String: Any] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("satchel-exif-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/exiftool")
        process.arguments = ["-j", "-a", "-G1", "-n", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        return list?.first ?? [:]
    }

    /// This process's resident memory, in bytes.
    public static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }
}
