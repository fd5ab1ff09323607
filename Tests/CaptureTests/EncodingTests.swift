import Foundation
import Testing
@testable import SatchelCapture

/// Each rule of encoding detection, on pages written here byte by byte.
@Suite struct EncodingTests {
    /// A page whose body paragraph holds `body` bytes, with an optional `<meta>` in the head.
    func page(meta: String = "", body: [UInt8]) -> [UInt8] {
        Array("<html><head>\(meta)<title>T</title></head><body><p>".utf8) + body + Array("</p></body></html>".utf8)
    }

    func text(_ bytes: [UInt8], contentType: String? = nil) -> String {
        let headers = contentType.map { ["Content-Type": $0] } ?? [:]
        return ArticleExtractor.extract(bytes: bytes, url: nil, headers: headers, options: .init(minimumBodyLength: 0)).text
    }

    @Test func utf8ByteOrderMarkWinsOverHeaderAndMeta() {
        let bytes = [0xEF, 0xBB, 0xBF] + page(meta: "<meta charset=windows-1252>", body: Array("café".utf8))
        #expect(CharacterEncoding.detect(bytes, contentType: "text/html; charset=iso-8859-2") == .init(name: "UTF-8", source: "bom"))
        #expect(text(bytes, contentType: "text/html; charset=iso-8859-2") == "café")
    }

    @Test func utf16ByteOrderMark() {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<p>Grüße aus Köln</p>".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(text(bytes) == "Grüße aus Köln")
    }

    @Test func headerCharsetWinsOverMeta() {
        let bytes = page(meta: "<meta charset=utf-8>", body: [0x63, 0x61, 0x66, 0xE9])  // "caf\u{E9}" in windows-1252
        #expect(CharacterEncoding.detect(bytes, contentType: "text/html; charset=windows-1252").source == "header")
        #expect(text(bytes, contentType: "text/html; charset=windows-1252") == "café")
    }

    @Test func windows1252FromLatin1Label() {
        // Browsers read "iso-8859-1" as windows-1252: 0x93 and 0x94 are curly quotes, 0x80 the euro sign.
        let bytes = page(meta: #"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">"#, body: [0x93, 0x68, 0x69, 0x94, 0x20, 0x80])
        #expect(text(bytes) == "“hi” €")
    }

    @Test func iso8859_2FromMetaCharset() {
        let bytes = page(meta: #"<meta charset="iso-8859-2">"#, body: [0xA3, 0xF3, 0x64, 0xBC])  // Łódź
        #expect(CharacterEncoding.detect(bytes, contentType: nil) == .init(name: "ISO-8859-2", source: "meta"))
        #expect(text(bytes) == "Łódź")
    }

    @Test func shiftJISFromHTTPEquiv() {
        let bytes = page(meta: #"<meta http-equiv=content-type content="text/html;charset=Shift_JIS">"#, body: [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA])
        #expect(text(bytes) == "日本語")
    }

    @Test func gb18030FromGB2312Label() {
        let bytes = page(meta: "<meta charset=gb2312>", body: [0xD6, 0xD0, 0xCE, 0xC4])
        #expect(text(bytes) == "中文")
    }

    @Test func eucKRFromHeader() {
        let bytes = page(body: [0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE])
        #expect(text(bytes, contentType: "text/html; charset=EUC-KR") == "한국어")
    }

    @Test func undeclaredValidUTF8IsUTF8() {
        let bytes = page(body: Array("naïve — ok".utf8))
        #expect(CharacterEncoding.detect(bytes, contentType: nil) == .init(name: "UTF-8", source: "guess"))
        #expect(text(bytes) == "naïve — ok")
    }

    @Test func undeclaredInvalidUTF8IsWindows1252() {
        let bytes = page(body: [0x66, 0x61, 0xE7, 0x61, 0x64, 0x65])  // façade
        #expect(CharacterEncoding.detect(bytes, contentType: nil) == .init(name: "CP1252", source: "guess"))
        #expect(text(bytes) == "façade")
    }

    @Test func declaredUTF8WithInvalidBytesGetsReplacementCharacters() {
        let bytes = page(meta: "<meta charset=utf-8>", body: [0x61, 0xFF, 0xC3, 0x28, 0x62])
        let result = text(bytes)
        #expect(result.hasPrefix("a\u{FFFD}"))
        #expect(result.hasSuffix("(b"))
    }

    @Test func unknownLabelFallsBackToGuessing() {
        let bytes = page(meta: "<meta charset=klingon>", body: Array("plain".utf8))
        #expect(CharacterEncoding.detect(bytes, contentType: "text/html; charset=x-unknown").source == "guess")
    }
}
