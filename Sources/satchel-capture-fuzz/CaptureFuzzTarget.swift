import CFuzzDriver
import Foundation
import SatchelCapture

/// One fuzz input through the whole capture path: encoding detection, HTML5 parsing, extraction and
/// sanitizing. Satchel's HTML parser must build the same document as Gumbo (the differential oracle).
/// The sanitized body, parsed again, must hold nothing the sanitizer forbids, and sanitizing it again
/// must change nothing. Any trap, overflow or sanitizer report is a finding.
enum CaptureFuzzTarget {
    static let pageURL = URL(string: "https://example.com/a/page.html")

    static func run(_ bytes: UnsafeRawBufferPointer) {
        let page = [UInt8](bytes)
        if let difference = HTMLParserComparison.firstDifference(page: page, contentType: "text/html") {
            fatalError("Satchel's HTML parser and Gumbo disagree on \(String(decoding: page, as: UTF8.self).debugDescription):\n\(difference)")
        }
        let article = ArticleExtractor.extract(bytes: page, url: pageURL, headers: ["Content-Type": "text/html"])
        let again = HTMLSanitizer.sanitize(article.html, baseURL: pageURL)
        let twice = HTMLSanitizer.sanitize(again, baseURL: pageURL)
        guard twice == again else {
            let first = Array(again.utf8), second = Array(twice.utf8)
            let split = zip(first, second).prefix { $0 == $1 }.count
            fatalError("""
                sanitizing is not idempotent at byte \(split):
                  once:  \(String(decoding: first[max(0, split - 60)..<min(first.count, split + 60)], as: UTF8.self).debugDescription)
                  twice: \(String(decoding: second[max(0, split - 60)..<min(second.count, split + 60)], as: UTF8.self).debugDescription)
                """)
        }
        let problems = HTMLSanitizer.violations(in: article.html)
        guard problems.isEmpty else { fatalError("the sanitizer let out \(problems): \(article.html)") }
        _ = HTMLSanitizer.sanitize(String(decoding: page, as: UTF8.self), baseURL: nil)
        // The terminal reading view: nothing that could drive a terminal (ESC, other controls, bidi
        // overrides) gets out of a page, whatever it holds.
        let text = ReadingRenderer.terminalText(html: article.html, width: 60, title: article.title, byline: article.byline)
        if let bad = text.unicodeScalars.first(where: { scalar in
            (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
        }) {
            fatalError("the reading view let out U+\(String(bad.value, radix: 16)): \(text.debugDescription)")
        }
        // Rewriting image sources keeps the sanitizer's rules: only the replacements are new.
        let rewritten = HTMLSanitizer.rewritingImageSources(html: article.html, baseURL: pageURL) { _ in "file:///cache/x" }
        let leaked = HTMLSanitizer.violations(in: rewritten.replacingOccurrences(of: "file:///cache/x", with: "https://example.com/x"))
        guard leaked.isEmpty else { fatalError("rewriting image sources let out \(leaked): \(rewritten)") }
    }
}

/// Runs libFuzzer over ``CaptureFuzzTarget`` when built with `-sanitize=fuzzer -DFUZZING`
/// (scripts/fuzz-capture.sh); otherwise replays the files named on the command line.
@main
struct CaptureFuzzMain {
    static func main() throws {
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { start, count in
            CaptureFuzzTarget.run(UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count))
            return 0
        })
        #else
        for path in CommandLine.arguments.dropFirst() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            data.withUnsafeBytes { CaptureFuzzTarget.run($0) }
            print("ok \(path)")
        }
        #endif
    }
}
