import CFuzzDriver
import Foundation
import SatchelCapture

/// One fuzz input through the whole capture path: encoding detection, HTML5 parsing, extraction and
/// sanitizing. The sanitized body, parsed again, must hold nothing the sanitizer forbids, and
/// sanitizing it again must change nothing. Any trap, overflow or sanitizer report is a finding.
enum CaptureFuzzTarget {
    static let pageURL = URL(string: "https://example.com/a/page.html")

    static func run(_ bytes: UnsafeRawBufferPointer) {
        let page = [UInt8](bytes)
        let article = ArticleExtractor.extract(bytes: page, url: pageURL, headers: ["Content-Type": "text/html"])
        let again = HTMLSanitizer.sanitize(article.html, baseURL: pageURL)
        guard HTMLSanitizer.sanitize(again, baseURL: pageURL) == again else {
            fatalError("sanitizing is not idempotent on \(article.html)")
        }
        let problems = HTMLSanitizer.violations(in: article.html)
        guard problems.isEmpty else { fatalError("the sanitizer let out \(problems): \(article.html)") }
        _ = HTMLSanitizer.sanitize(String(decoding: page, as: UTF8.self), baseURL: nil)
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
