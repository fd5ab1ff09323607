/// Removes metadata blocks from encoded variants, whatever the encoder wrote: EXIF (GPS included), XMP and
/// ICC chunks of WebP, and APP1–APP15 and comment segments of JPEG. The encoder is asked to write none
/// already; libvips 8.14 still adds an EXIF block to WebP files, so every variant passes through here.
public enum MetadataStripper {
    /// `bytes` of `format` without metadata; the bytes unchanged when they are not laid out as expected.
    public static func strip(_ bytes: [UInt8], format: VariantFormat) -> [UInt8] {
        switch format {
        case .webp: webp(bytes) ?? bytes
        case .jpeg: jpeg(bytes) ?? bytes
        }
    }

    /// A RIFF/WebP file without its `EXIF`, `XMP ` and `ICCP` chunks, the `VP8X` flags cleared to match.
    static func webp(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 12, Array(bytes[0..<4]) == Array("RIFF".utf8), Array(bytes[8..<12]) == Array("WEBP".utf8) else {
            return nil
        }
        var out = Array(bytes[0..<12])
        var offset = 12
        let dropped: Set<String> = ["EXIF", "XMP ", "ICCP"]
        while offset + 8 <= bytes.count {
            guard let size = ImageHeader.littleEndian(bytes, offset + 4, 4) else { return nil }
            let end = offset + 8 + size + (size & 1)
            guard end <= bytes.count || (end == bytes.count + 1 && size & 1 == 1) else { return nil }
            let name = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            if !dropped.contains(name) {
                var chunk = Array(bytes[offset..<min(end, bytes.count)])
                if name == "VP8X", chunk.count > 8 { chunk[8] &= ~UInt8(0x20 | 0x08 | 0x04) }  // ICC, EXIF, XMP flags
                out += chunk
            }
            offset = end
        }
        let riffSize = out.count - 8
        out[4] = UInt8(riffSize & 0xFF)
        out[5] = UInt8((riffSize >> 8) & 0xFF)
        out[6] = UInt8((riffSize >> 16) & 0xFF)
        out[7] = UInt8((riffSize >> 24) & 0xFF)
        return out
    }

    /// A JPEG without APP1–APP15 (EXIF, XMP, ICC, IPTC …) and COM segments; APP0 (JFIF) stays.
    static func jpeg(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(bytes.count)
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xDA {  // start of scan: the rest is image data
                out += bytes[offset...]
                return out
            }
            guard let length = ImageHeader.bigEndian(bytes, offset + 2, 2), length >= 2, offset + 2 + length <= bytes.count else {
                return nil
            }
            let end = offset + 2 + length
            if !((0xE1...0xEF).contains(marker) || marker == 0xFE) { out += bytes[offset..<end] }
            offset = end
        }
        return nil
    }
}
