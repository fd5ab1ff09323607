import Foundation
import Testing

/// Runs epubcheck (Debian's `epubcheck` package: a jar run by Java) on a book.
enum EPUBCheck {
    /// What epubcheck said: its exit status and the lines that report errors or warnings.
    struct Report {
        var status: Int32
        var output: String
        /// `ERROR(…)`, `FATAL(…)` and `WARNING(…)` lines.
        var problems: [String]
    }

    /// Where the package puts the jar (`/usr/bin/epubcheck` is the jar itself, run through binfmt).
    static let jars = ["/usr/share/java/epubcheck.jar", "/usr/bin/epubcheck"]

    /// Checks the book at `path`; a missing epubcheck or Java is a recorded failure, never a skip.
    static func check(_ path: String) async throws -> Report {
        let java = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/java" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let java, let jar = jars.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            Issue.record("epubcheck is not installed: run `sudo apt-get install -y epubcheck` (or `make deps`) and test again.")
            throw EPUBCheckMissing()
        }
        let result = try await Binaries.run(java, ["-jar", jar, "--failonwarnings", path])
        let output = result.out + result.err
        let problems = output.split(separator: "\n").map(String.init).filter { line in
            line.hasPrefix("ERROR") || line.hasPrefix("FATAL") || line.hasPrefix("WARNING")
        }
        return Report(status: result.status, output: output, problems: problems)
    }

    struct EPUBCheckMissing: Error {}
}
