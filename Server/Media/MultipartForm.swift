import Foundation

/// A `multipart/form-data` body (RFC 7578) split into its parts, for `POST /v1/media`. Bounded by the
/// body it reads (the route's size limit); anything not laid out as the RFC says is `nil`.
struct MultipartForm {
    /// One part: its field name, the file name when it has one, its declared type, its bytes.
    struct Part {
        let name: String
        let fileName: String?
        let contentType: String?
        let bytes: ArraySlice<UInt8>
    }

    let parts: [Part]

    /// The boundary of a `multipart/form-data` content type, or `nil` for another type.
    static func boundary(contentType: String?) -> String? {
        guard let contentType else { return nil }
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// Whether a content type names `multipart/form-data` at all (with or without a usable boundary).
    static func isMultipart(_ contentType: String?) -> Bool {
        contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "multipart/form-data"
    }

    /// Splits `body` at `boundary`; `nil` when it is not a well-formed multipart body.
    init?(body: [UInt8], boundary: String) {
        let delimiter = Array("--\(boundary)".utf8)
        guard var position = Self.find(delimiter, in: body, from: 0) else { return nil }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            if body.count >= position + 2, body[position] == 0x2D, body[position + 1] == 0x2D { break }  // closing "--"
            // Transport padding, then the line break that ends the delimiter line.
            while position < body.count, body[position] == 0x20 || body[position] == 0x09 { position += 1 }
            guard position + 2 <= body.count, body[position] == 0x0D, body[position + 1] == 0x0A else { return nil }
            position += 2
            guard let headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: position) else { return nil }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find([0x0D, 0x0A] + delimiter, in: body, from: contentStart) else { return nil }
            guard let part = Self.part(headers: headers, bytes: body[contentStart..<next]) else { return nil }
            parts.append(part)
            position = next + 2
        }
        self.parts = parts
    }

    /// The first part named `name`.
    func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// How many parts are named `name`.
    func count(named name: String) -> Int { parts.filter { $0.name == name }.count }

    private static func part(headers: String, bytes: ArraySlice<UInt8>) -> Part? {
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in headers.components(separatedBy: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return nil }
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            switch pair[0].trimmingCharacters(in: .whitespaces).lowercased() {
            case "content-disposition":
                guard value.lowercased().hasPrefix("form-data") else { return nil }
                let parameters = ContentDisposition.parameters(value)
                name = parameters["name"]
                fileName = parameters["filename*"] ?? parameters["filename"]
            case "content-type":
                contentType = value
            default:
                continue
            }
        }
        guard let name else { return nil }
        return Part(name: name, fileName: fileName, contentType: contentType, bytes: bytes)
    }

    /// Where `needle` first starts in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                while index <= last {
                    if hay[index] == first, memcmp(hay.baseAddress! + index, pin.baseAddress!, pin.count) == 0 { return index }
                    index += 1
                }
                return nil
            }
        }
    }
}

/// The parameters of a `Content-Disposition` header (RFC 6266): `filename="a.png"`, and `filename*`
/// (RFC 8187, `UTF-8''…` percent-encoded) decoded.
enum ContentDisposition {
    /// Parameter names (lower-cased) and their values.
    static func parameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var scalars = Substring(header)
        // Skip the disposition type.
        guard let semicolon = scalars.firstIndex(of: ";") else { return [:] }
        scalars = scalars[scalars.index(after: semicolon)...]
        while !scalars.isEmpty {
            scalars = scalars.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = scalars.firstIndex(of: "=") else { break }
            let name = scalars[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            scalars = scalars[scalars.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            var value = ""
            if scalars.first == "\"" {
                scalars = scalars.dropFirst()
                var escaped = false
                var end = scalars.endIndex
                for index in scalars.indices {
                    let character = scalars[index]
                    if escaped { value.append(character); escaped = false; continue }
                    if character == "\\" { escaped = true; continue }
                    if character == "\"" { end = index; break }
                    value.append(character)
                }
                scalars = end < scalars.endIndex ? scalars[scalars.index(after: end)...] : scalars[scalars.endIndex...]
            } else {
                let end = scalars.firstIndex(of: ";") ?? scalars.endIndex
                value = scalars[..<end].trimmingCharacters(in: .whitespaces)
                scalars = scalars[end...]
            }
            if name.hasSuffix("*") {
                let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                guard pieces.count == 3, pieces[0].lowercased() == "utf-8", let decoded = String(pieces[2]).removingPercentEncoding
                else { continue }
                value = decoded
            }
            result[name] = value
        }
        return result
    }
}
