#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a page's character encoding and converts its bytes to UTF-8.
///
/// The order is the HTML Standard's: a byte order mark, then the HTTP `Content-Type` charset, then a
/// `<meta charset>` or `http-equiv` declaration in the first 1,024 bytes, then a guess (UTF-8 when the
/// bytes are valid UTF-8, windows-1252 otherwise). Legacy encodings are converted with iconv.
public enum CharacterEncoding {
    /// The encoding's label as iconv names it (`UTF-8`, `CP1252`, `SHIFT_JIS`…), and where it was found.
    public struct Detection: Sendable, Equatable {
        /// iconv's name for the encoding.
        public var name: String
        /// What decided it: `bom`, `header`, `meta` or `guess`.
        public var source: String
    }

    /// Detects the encoding of `bytes` given the `Content-Type` header value (if any).
    public static func detect(_ bytes: [UInt8], contentType: String?) -> Detection {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Detection(name: "UTF-8", source: "bom") }
        if bytes.starts(with: [0xFE, 0xFF]) { return Detection(name: "UTF-16BE", source: "bom") }
        if bytes.starts(with: [0xFF, 0xFE]) { return Detection(name: "UTF-16LE", source: "bom") }
        if let contentType, let label = charset(inContentType: contentType), let name = iconvName(label) {
            return Detection(name: name, source: "header")
        }
        if let label = MetaPrescan.charset(bytes.prefix(1024)), var name = iconvName(label) {
            if name.hasPrefix("UTF-16") { name = "UTF-8" }  // a page that can state it in ASCII is not UTF-16
            return Detection(name: name, source: "meta")
        }
        return Detection(name: isValidUTF8(bytes) ? "UTF-8" : "CP1252", source: "guess")
    }

    /// `bytes` decoded from the detected encoding to UTF-8, without a BOM and without NUL bytes.
    /// Invalid sequences become U+FFFD.
    public static func utf8(_ bytes: [UInt8], contentType: String?) -> [UInt8] {
        let detection = detect(bytes, contentType: contentType)
        var body = bytes[...]
        if detection.source == "bom" {
            body = body.dropFirst(detection.name == "UTF-8" ? 3 : 2)
        }
        var result: [UInt8]
        if detection.name == "UTF-8" {
            if isValidUTF8(body) {
                // The common case: no copy unless there is a BOM to drop.
                result = body.startIndex == bytes.startIndex ? bytes : Array(body)
            } else {
                result = Array(String(decoding: body, as: UTF8.self).utf8)
            }
        } else {
            result = convert(body, from: detection.name) ?? Array(String(decoding: body, as: UTF8.self).utf8)
        }
        if result.contains(0) { result.removeAll { $0 == 0 } }
        return result
    }

    /// The `charset` parameter of a `Content-Type` value.
    static func charset(inContentType value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingSpaces.lowercased() == "charset" else { continue }
            let label = parts[1].trimmingSpaces.trimmingCharacters(in: "\"'")
            if !label.isEmpty { return label }
        }
        return nil
    }

    /// iconv's name for a WHATWG encoding label, or nil for a label it does not know.
    static func iconvName(_ label: String) -> String? {
        let key = label.trimmingSpaces.lowercased()
        if let name = labels[key] { return name }
        if key.hasPrefix("iso-8859-") || key.hasPrefix("iso8859-") || key.hasPrefix("iso_8859-") {
            let number = key.split(separator: "-").last.map(String.init) ?? ""
            if let value = Int(number), (2...16).contains(value), value != 12 { return "ISO-8859-\(value)" }
            if number == "1" { return "CP1252" }
        }
        if key.hasPrefix("windows-125"), let digit = key.last, ("0"..."8").contains(digit) { return "CP125\(digit)" }
        return nil
    }

    /// WHATWG labels (the common ones) to iconv names; legacy aliases map as browsers map them
    /// (latin1 and ascii are windows-1252, Shift_JIS is windows-31j, EUC-KR is windows-949, GBK is GB18030).
    private static let labels: [String: String] = [
        "utf-8": "UTF-8", "utf8": "UTF-8", "unicode-1-1-utf-8": "UTF-8",
        "utf-16": "UTF-16LE", "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE",
        "us-ascii": "CP1252", "ascii": "CP1252", "latin1": "CP1252", "l1": "CP1252", "iso-8859-1": "CP1252",
        "iso8859-1": "CP1252", "cp1252": "CP1252", "x-cp1252": "CP1252", "iso_8859-1": "CP1252",
        "shift_jis": "CP932", "shift-jis": "CP932", "sjis": "CP932", "ms_kanji": "CP932", "windows-31j": "CP932",
        "x-sjis": "CP932", "ms932": "CP932", "cp932": "CP932",
        "euc-jp": "EUC-JP", "iso-2022-jp": "ISO-2022-JP",
        "gb18030": "GB18030", "gbk": "GB18030", "gb2312": "GB18030", "x-gbk": "GB18030", "cp936": "GB18030",
        "chinese": "GB18030", "csgb2312": "GB18030",
        "big5": "BIG5-HKSCS", "big5-hkscs": "BIG5-HKSCS", "x-x-big5": "BIG5-HKSCS",
        "euc-kr": "CP949", "ks_c_5601-1987": "CP949", "windows-949": "CP949", "korean": "CP949", "cp949": "CP949",
        "koi8-r": "KOI8-R", "koi8-u": "KOI8-U", "koi8_r": "KOI8-R",
        "windows-874": "CP874", "tis-620": "CP874", "iso-8859-11": "CP874",
        "macintosh": "MACINTOSH", "mac": "MACINTOSH", "x-mac-roman": "MACINTOSH",
        "ibm866": "IBM866", "cp866": "IBM866",
    ]

    /// Whether `bytes` is well-formed UTF-8.
    static func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        if let valid = bytes.withContiguousStorageIfAvailable(UTF8Validation.isValid) { return valid }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// `bytes` converted from iconv encoding `name` to UTF-8; bytes iconv cannot read become U+FFFD.
    static func convert(_ bytes: ArraySlice<UInt8>, from name: String) -> [UInt8]? {
        let descriptor = iconv_open("UTF-8", name)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
        defer { iconv_close(descriptor) }
        var input = Array(bytes)
        var output = [UInt8](repeating: 0, count: max(64, input.count * 3 + 16))
        var produced = 0
        let total = input.count
        input.withUnsafeMutableBufferPointer { inputBuffer in
            var consumed = 0
            while consumed < total {
                var inLeft = total - consumed
                var outLeft = output.count - produced
                let result: Int = output.withUnsafeMutableBufferPointer { outputBuffer in
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inputBuffer.baseAddress! + consumed)
                        .assumingMemoryBound(to: CChar.self)
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBuffer.baseAddress! + produced)
                        .assumingMemoryBound(to: CChar.self)
                    return iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                }
                consumed = total - inLeft
                produced = output.count - outLeft
                guard result == -1 else { break }
                if errno == E2BIG {
                    output.append(contentsOf: repeatElement(0, count: output.count))
                } else {
                    // EILSEQ or EINVAL: one unreadable byte becomes U+FFFD.
                    if output.count - produced < 3 { output.append(contentsOf: repeatElement(0, count: 64)) }
                    output[produced] = 0xEF
                    output[produced + 1] = 0xBF
                    output[produced + 2] = 0xBD
                    produced += 3
                    consumed += 1
                }
            }
        }
        output.removeSubrange(produced...)
        return output
    }
}

extension StringProtocol {
    /// Without ASCII spaces, tabs and line breaks at either end.
    var trimmingSpaces: String {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !Whitespace.isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !Whitespace.isSpace($0) })!
        return String(scalars[first...last])
    }

    /// Without any of `characters` at either end.
    func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        guard let first = firstIndex(where: { !set.contains($0) }) else { return "" }
        let last = lastIndex(where: { !set.contains($0) })!
        return String(self[first...last])
    }
}
