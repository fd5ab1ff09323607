/// An image's size and frame count read from its header bytes in Swift, before any decoder sees them:
/// the pixel limits are checked on this, so a file claiming 100,000 × 100,000 pixels is refused having
/// cost a few hundred bytes of reading.
public struct ImageHeader: Sendable, Equatable {
    /// Pixels across one frame, as stored (before any EXIF orientation).
    public var width: Int
    /// Pixels down one frame, as stored.
    public var height: Int
    /// Frames: 1 unless an animation.
    public var frames: Int

    /// Creates a header.
    public init(width: Int, height: Int, frames: Int = 1) {
        self.width = width
        self.height = height
        self.frames = frames
    }

    /// Reads the header of `bytes` of `format`; throws ``ImageRefusal/undecodable(_:)`` when it cannot be
    /// found, and stops counting GIF frames past ``ImageLimits/maxFrames``.
    public static func read(_ bytes: [UInt8], format: ImageFormat) throws -> ImageHeader {
        let header: ImageHeader? = switch format {
        case .jpeg: jpeg(bytes)
        case .png: png(bytes)
        case .gif: gif(bytes)
        case .webp: webp(bytes)
        case .avif: avif(bytes)
        }
        guard let header, header.width > 0, header.height > 0 else {
            throw ImageRefusal.undecodable("its \(format.rawValue.uppercased()) header is missing or damaged")
        }
        return header
    }

    static func bigEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int? {
        guard offset >= 0, offset + count <= bytes.count else { return nil }
        return bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }

    static func littleEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int? {
        guard offset >= 0, offset + count <= bytes.count else { return nil }
        return bytes[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    /// PNG: the IHDR chunk, first after the signature.
    static func png(_ bytes: [UInt8]) -> ImageHeader? {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8),
              let width = bigEndian(bytes, 16, 4), let height = bigEndian(bytes, 20, 4)
        else { return nil }
        return ImageHeader(width: width, height: height)
    }

    /// JPEG: the first start-of-frame segment, walking segment lengths from the start.
    static func jpeg(_ bytes: [UInt8]) -> ImageHeader? {
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF { offset += 1; continue }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { offset += 2; continue }
            if marker == 0xD9 || marker == 0xDA { return nil }
            guard let length = bigEndian(bytes, offset + 2, 2), length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard let height = bigEndian(bytes, offset + 5, 2), let width = bigEndian(bytes, offset + 7, 2) else { return nil }
                return ImageHeader(width: width, height: height)
            }
            offset += 2 + length
        }
        return nil
    }

    /// GIF: the logical screen's size, and the frames counted by walking the blocks (sub-blocks are
    /// skipped by their lengths; nothing is decompressed). Counting stops past ``ImageLimits/maxFrames``.
    static func gif(_ bytes: [UInt8]) -> ImageHeader? {
        guard bytes.count >= 13, let width = littleEndian(bytes, 6, 2), let height = littleEndian(bytes, 8, 2) else { return nil }
        var offset = 13
        if bytes[10] & 0x80 != 0 { offset += 3 << (Int(bytes[10] & 0x07) + 1) }
        var frames = 0
        func skipSubBlocks() -> Bool {
            while offset < bytes.count {
                let length = Int(bytes[offset])
                offset += 1 + length
                if length == 0 { return true }
            }
            return false
        }
        loop: while offset < bytes.count, frames <= ImageLimits.maxFrames {
            switch bytes[offset] {
            case 0x21:
                offset += 2
                guard skipSubBlocks() else { break loop }
            case 0x2C:
                guard offset + 10 <= bytes.count else { break loop }
                let flags = bytes[offset + 9]
                offset += 10
                if flags & 0x80 != 0 { offset += 3 << (Int(flags & 0x07) + 1) }
                offset += 1  // LZW minimum code size
                frames += 1
                guard skipSubBlocks() else { break loop }
            default:
                break loop  // the trailer (0x3B) or damage: the decoder decides which
            }
        }
        return ImageHeader(width: width, height: height, frames: max(frames, 1))
    }

    /// WebP: the first chunk (`VP8 `, `VP8L` or `VP8X`), and the animation frames (`ANMF` chunks).
    static func webp(_ bytes: [UInt8]) -> ImageHeader? {
        guard bytes.count >= 30 else { return nil }
        let chunk = String(decoding: bytes[12..<16], as: UTF8.self)
        switch chunk {
        case "VP8 ":
            guard Array(bytes[23..<26]) == [0x9D, 0x01, 0x2A],
                  let width = littleEndian(bytes, 26, 2), let height = littleEndian(bytes, 28, 2)
            else { return nil }
            return ImageHeader(width: width & 0x3FFF, height: height & 0x3FFF)
        case "VP8L":
            guard bytes[20] == 0x2F, let bits = littleEndian(bytes, 21, 4) else { return nil }
            return ImageHeader(width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            guard let width = littleEndian(bytes, 24, 3), let height = littleEndian(bytes, 27, 3) else { return nil }
            var frames = 0
            var offset = 12
            while offset + 8 <= bytes.count, frames <= ImageLimits.maxFrames {
                guard let size = littleEndian(bytes, offset + 4, 4) else { break }
                if Array(bytes[offset..<offset + 4]) == Array("ANMF".utf8) { frames += 1 }
                offset += 8 + size + (size & 1)
            }
            return ImageHeader(width: width + 1, height: height + 1, frames: max(frames, 1))
        default:
            return nil
        }
    }

    /// AVIF: the largest image spatial extent (`ispe`) property in the file's first megabyte.
    static func avif(_ bytes: [UInt8]) -> ImageHeader? {
        let tag = Array("ispe".utf8)
        var best: ImageHeader?
        let end = min(bytes.count, 1 << 20) - 16
        var offset = 4
        while offset <= end {
            if bytes[offset] == tag[0], Array(bytes[offset..<offset + 4]) == tag,
               let width = bigEndian(bytes, offset + 8, 4), let height = bigEndian(bytes, offset + 12, 4)
            {
                if width * height > (best.map { $0.width * $0.height } ?? -1) { best = ImageHeader(width: width, height: height) }
            }
            offset += 1
        }
        return best
    }
}
