import Foundation
import Testing
import SatchelImages
@testable import SatchelServer

@Suite("multipart/form-data and Content-Disposition")
struct MultipartFormTests {
    static func body(_ parts: [(headers: String, content: [UInt8])], boundary: String = "b0undary") -> [UInt8] {
        var body: [UInt8] = Array("preamble to ignore\r\n".utf8)
        for part in parts {
            body += Array("--\(boundary)\r\n\(part.headers)\r\n\r\n".utf8) + part.content + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\nepilogue".utf8)
    }

    @Test("parts are split at the boundary, binary content kept byte for byte, even when it holds CR LF and dashes")
    func parts() throws {
        let binary: [UInt8] = [0, 0x0D, 0x0A, 0x2D, 0x2D, 0xFF, 0x0D, 0x0A, 0x2D]
        let body = Self.body([
            ("Content-Disposition: form-data; name=\"alt\"", Array("Boats".utf8)),
            ("Content-Disposition: form-data; name=\"file\"; filename=\"a b.jpg\"\r\nContent-Type: image/jpeg", binary),
            ("Content-Disposition: form-data; name=\"empty\"", []),
        ])
        let form = try #require(MultipartForm(body: body, boundary: "b0undary"))
        #expect(form.parts.map(\.name) == ["alt", "file", "empty"])
        #expect(Array(try #require(form.part(named: "file")).bytes) == binary)
        #expect(form.part(named: "file")?.fileName == "a b.jpg" && form.part(named: "file")?.contentType == "image/jpeg")
        #expect(Array(try #require(form.part(named: "empty")).bytes) == [])
        #expect(String(decoding: try #require(form.part(named: "alt")).bytes, as: UTF8.self) == "Boats")
    }

    @Test("malformed bodies are refused, never guessed at")
    func malformed() {
        let good = Self.body([("Content-Disposition: form-data; name=\"file\"", [1, 2, 3])])
        #expect(MultipartForm(body: good, boundary: "other") == nil, "no delimiter")
        #expect(MultipartForm(body: Array(good.prefix(good.count - 20)), boundary: "b0undary") == nil, "cut before the end")
        #expect(MultipartForm(body: Self.body([("X-Nothing: 1", [1])]), boundary: "b0undary") == nil, "no name")
        #expect(MultipartForm(body: Self.body([("Content-Disposition: attachment; name=\"file\"", [1])]), boundary: "b0undary") == nil)
        #expect(MultipartForm(body: [], boundary: "b0undary") == nil)
        #expect(MultipartForm(body: Array("--b0undary\r\nContent-Disposition: form-data; name=\"a\"\r\n".utf8), boundary: "b0undary") == nil)
    }

    @Test("the boundary comes from the content type, quoted or not, 1 to 70 characters")
    func boundary() {
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartForm.boundary(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary(contentType: "multipart/form-data") == nil)
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
        #expect(MultipartForm.boundary(contentType: "image/png; boundary=abc") == nil)
        #expect(MultipartForm.isMultipart("multipart/form-data") && !MultipartForm.isMultipart("image/jpeg"))
    }

    @Test("Content-Disposition: quoted names with escapes, and the RFC 8187 form decoded")
    func disposition() {
        #expect(ContentDisposition.parameters("attachment; filename=\"photo.jpg\"")["filename"] == "photo.jpg")
        #expect(ContentDisposition.parameters("attachment; filename=\"a \\\"b\\\".jpg\"")["filename"] == "a \"b\".jpg")
        #expect(ContentDisposition.parameters("attachment; filename=plain.png; size=3")["filename"] == "plain.png")
        #expect(ContentDisposition.parameters("attachment; filename*=UTF-8''caf%C3%A9.jpg")["filename*"] == "café.jpg")
        #expect(ContentDisposition.parameters("attachment; filename*=latin1''x.jpg")["filename*"] == nil)
        #expect(ContentDisposition.parameters("attachment").isEmpty)
        #expect(ContentDisposition.parameters("attachment; filename=\"unterminated")["filename"] == "unterminated")
        #expect(MediaUpload.fileName("../../etc/passwd", format: .png) == "passwd")
        #expect(MediaUpload.fileName("", format: .jpeg) == "image.jpg")
        #expect(MediaUpload.fileName(nil, format: .gif) == "image.gif")
    }
}
