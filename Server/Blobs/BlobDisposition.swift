import Foundation
import SatchelShared

/// The `Content-Disposition` of a download: always `attachment`, with a file name that cannot break
/// out of the header (quotes, backslashes, control characters and non-ASCII replaced in `filename`,
/// the exact name percent-encoded in `filename*`).
enum BlobDisposition {
    /// The header's value for `name` (the digest's hex when absent or not a valid file name).
    static func header(name: String?, digest: BlobDigest) -> String {
        let fileName = name.flatMap { AttachmentRules.isFileName($0) ? $0 : nil } ?? String(digest.hex)
        let fallback = String(String.UnicodeScalarView(fileName.unicodeScalars.map { scalar in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" && scalar.value != 0x7F ? scalar : "_"
        }))
        var header = "attachment; filename=\"\(fallback)\""
        if fallback != fileName {
            let allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(0x80)))
                .union(CharacterSet(charactersIn: "!#$&+-.^_`|~"))
            header += "; filename*=UTF-8''" + (fileName.addingPercentEncoding(withAllowedCharacters: allowed) ?? fallback)
        }
        return header
    }
}
