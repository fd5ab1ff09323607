import Foundation
import SatchelCapture

#if canImport(Glibc)
import Glibc
#endif

// satchel-capture-bench: the extractor over the capture corpus (pages already gunzipped by
// scripts/bench-capture.sh), timed on one core.
//
//   satchel-capture-bench corpus PAGES_DIR GROUND_TRUTH.json OUT.json [ROUNDS]
//       extracts every PAGES_DIR/KEY.html (URL from the ground truth), writes {KEY: {"articleBody": text}},
//       prints pages per CPU-second, p50/p99 CPU time per page (pages under 1 MB) and peak RSS
//   satchel-capture-bench metadata PAGES_DIR EXPECTED_DIR [MISMATCHES.txt]
//       compares title, byline, siteName, lang and readerable of PAGES_DIR/NAME.html with
//       EXPECTED_DIR/NAME/expected-metadata.json
//   satchel-capture-bench one FILE [URL]
//       prints the extraction of one page as JSON
//   satchel-capture-bench linearity MEGABYTES
//       extracts a synthetic article page of that size: CPU time, and peak RSS over the process's
//       RSS before the page was parsed
//   satchel-capture-bench parse-memory MEGABYTES
//       parses the synthetic page only, and prints the peak RSS over the RSS before parsing
//   satchel-capture-bench compare-parsers DIR_OR_FILE...
//       parses every .html page with Satchel's HTML parser and with Gumbo: per page, whether the trees
//       are the same and the first difference; then both parsers' CPU time over all pages (one round)

func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

func currentRSSMegabytes() -> Double {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((p * Double(sorted.count - 1)).rounded(.up))
    return sorted[min(rank, sorted.count - 1)]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

func corpus(_ arguments: [String]) throws {
    guard arguments.count >= 3 else { fail("usage: corpus PAGES_DIR GROUND_TRUTH.json OUT.json [ROUNDS]") }
    let directory = URL(fileURLWithPath: arguments[0])
    let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: arguments[1]))) as? [String: [String: Any]] ?? [:]
    let rounds = arguments.count > 3 ? max(1, Int(arguments[3]) ?? 3) : 3
    let keys = truth.keys.sorted()
    var pages: [(key: String, bytes: [UInt8], url: URL?)] = []
    for key in keys {
        let data = try Data(contentsOf: directory.appendingPathComponent(key + ".html"))
        pages.append((key, [UInt8](data), (truth[key]?["url"] as? String).flatMap(URL.init(string:))))
    }
    var output: [String: [String: String]] = [:]
    var perPage: [Double] = []
    var total = 0.0
    for round in 0..<rounds {
        for page in pages {
            let start = cpuSeconds()
            let article = ArticleExtractor.extract(bytes: page.bytes, url: page.url, headers: [:])
            let elapsed = cpuSeconds() - start
            total += elapsed
            if page.bytes.count < 1 << 20 { perPage.append(elapsed) }
            if round == 0 { output[page.key] = ["articleBody": article.text] }
        }
    }
    perPage.sort()
    let json = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
    try json.write(to: URL(fileURLWithPath: arguments[2]))
    let megabytes = Double(pages.reduce(0) { $0 + $1.bytes.count }) / 1_048_576
    print(String(format: "satchel-capture: %d pages (%.1f MB) x %d rounds, one core: %.1f pages/CPU-s, %.1f MB/CPU-s",
                 pages.count, megabytes, rounds, Double(pages.count * rounds) / total, megabytes * Double(rounds) / total))
    print(String(format: "satchel-capture: CPU time per page (pages < 1 MB): p50 %.2f ms, p99 %.2f ms, max %.2f ms; peak RSS %.1f MB",
                 percentile(perPage, 0.5) * 1000, percentile(perPage, 0.99) * 1000, (perPage.last ?? 0) * 1000, peakRSSMegabytes()))
}

func normalized(_ value: Any?) -> String? {
    guard let text = value as? String else { return nil }
    let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    return collapsed.isEmpty ? nil : collapsed
}

func normalizedByline(_ value: Any?) -> String? {
    guard var text = normalized(value)?.lowercased() else { return nil }
    if text.hasPrefix("by ") { text.removeFirst(3) }
    return text
}

func metadata(_ arguments: [String]) throws {
    guard arguments.count >= 2 else { fail("usage: metadata PAGES_DIR EXPECTED_DIR [MISMATCHES.txt]") }
    let pagesDirectory = URL(fileURLWithPath: arguments[0])
    let expectedDirectory = URL(fileURLWithPath: arguments[1])
    let names = try FileManager.default.contentsOfDirectory(atPath: arguments[0])
        .filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) }.sorted()
    var correct: [String: Int] = [:]
    var mismatches = ""
    let fields = ["title", "byline", "siteName", "lang", "dir", "publishedTime", "readerable"]
    for name in names {
        let expectedURL = expectedDirectory.appendingPathComponent(name).appendingPathComponent("expected-metadata.json")
        guard let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any] else { continue }
        let data = try Data(contentsOf: pagesDirectory.appendingPathComponent(name + ".html"))
        let article = ArticleExtractor.extract(data: data, url: URL(string: "http://fakehost/test/page.html"))
        let actual: [String: (Any?, Any?)] = [
            "title": (normalized(article.title), normalized(expected["title"])),
            "byline": (normalizedByline(article.byline), normalizedByline(expected["byline"])),
            "siteName": (normalized(article.siteName), normalized(expected["siteName"])),
            "lang": (normalized(article.lang), normalized(expected["lang"])),
            "dir": (normalized(article.dir), normalized(expected["dir"])),
            "publishedTime": (normalized(article.publishedTime), normalized(expected["publishedTime"])),
            "readerable": (article.readerable, expected["readerable"] as? Bool ?? false),
        ]
        for field in fields {
            let (got, want) = actual[field]!
            let same: Bool
            if let got = got as? Bool, let want = want as? Bool { same = got == want }
            else { same = (got as? String) == (want as? String) }
            if same { correct[field, default: 0] += 1 }
            else { mismatches += "\(name)\t\(field)\tgot \(String(describing: got))\twant \(String(describing: want))\n" }
        }
    }
    if arguments.count > 2 { try mismatches.write(toFile: arguments[2], atomically: true, encoding: .utf8) }
    let targets = ["title": 95, "readerable": 95, "byline": 85, "siteName": 90, "lang": 90]
    for field in fields {
        let share = 100 * Double(correct[field, default: 0]) / Double(max(1, names.count))
        let target = targets[field].map { "  (target >= \($0)%)" } ?? ""
        print(String(format: "metadata %-14@ %5.1f%% (%d/%d)%@", field as NSString, share, correct[field, default: 0], names.count, target as NSString))
    }
}

/// A synthetic article page of about `megabytes` MB: paragraphs with links and emphasis in nested
/// sections, a navigation list and a comment section.
func syntheticPage(megabytes: Int) -> [UInt8] {
    var html = "<!doctype html><html lang=en><head><title>Synthetic page - Bench</title></head><body>"
    html += "<nav><ul>" + String(repeating: "<li><a href='/x'>Section</a></li>", count: 20) + "</ul></nav><article>"
    let paragraph = "<p>The quick brown fox, having jumped over the lazy dog, <a href='/more'>reads more</a> about <em>capture</em>, parsing and extraction, then writes it all down again.</p>\n"
    let target = megabytes << 20
    var section = 0
    while html.utf8.count < target - 2000 {
        html += "<section><h2>Part \(section)</h2>" + String(repeating: paragraph, count: 40) + "</section>"
        section += 1
    }
    html += "</article><div id=comments><p>A comment.</p></div></body></html>"
    return Array(html.utf8)
}

func linearity(_ arguments: [String]) {
    guard let megabytes = arguments.first.flatMap(Int.init) else { fail("usage: linearity MEGABYTES") }
    let page = syntheticPage(megabytes: megabytes)
    let before = currentRSSMegabytes()
    let start = cpuSeconds()
    let article = ArticleExtractor.extract(bytes: page, url: URL(string: "https://example.com/"), options: .init(maximumBytes: 64 << 20))
    let elapsed = cpuSeconds() - start
    let peak = peakRSSMegabytes()
    print(String(format: "linearity %d MB page (%d bytes): %.3f CPU-s, %d words kept; peak RSS %.1f MB, %.1f MB over the RSS before parsing (%.1fx the page)",
                 megabytes, page.count, elapsed, article.wordCount, peak, peak - before, (peak - before) / (Double(page.count) / 1_048_576)))
}

func compareParsers(_ arguments: [String]) throws {
    guard !arguments.isEmpty else { fail("usage: compare-parsers DIR_OR_FILE...") }
    var files: [String] = []
    for argument in arguments {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory)
        if isDirectory.boolValue {
            files += try FileManager.default.contentsOfDirectory(atPath: argument).filter { $0.hasSuffix(".html") }.sorted()
                .map { argument + "/" + $0 }
        } else {
            files.append(argument)
        }
    }
    var same = 0
    var pages: [[UInt8]] = []
    for file in files {
        let page = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        pages.append(page)
        if let difference = HTMLParserComparison.firstDifference(page: page) {
            print("DIFFERENT \(file)\n\(difference)")
        } else {
            same += 1
            print("same      \(file)")
        }
    }
    print("compare-parsers: \(same) of \(files.count) pages give the same tree")
    for parser in [HTMLParserComparison.Parser.satchel, .gumbo] {
        let start = cpuSeconds()
        var nodes = 0
        for page in pages { nodes += HTMLParserComparison.nodeCount(page: page, parser: parser) }
        let elapsed = cpuSeconds() - start
        let megabytes = Double(pages.reduce(0) { $0 + $1.count }) / 1_048_576
        print(String(format: "compare-parsers: %@ parses %d pages in %.3f CPU-s (%.2f ms a page, %.1f MB/CPU-s), %d nodes",
                     "\(parser)" as NSString, pages.count, elapsed, elapsed * 1000 / Double(max(1, pages.count)),
                     megabytes / elapsed, nodes))
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "corpus": try corpus(Array(arguments.dropFirst()))
case "metadata": try metadata(Array(arguments.dropFirst()))
case "linearity": linearity(Array(arguments.dropFirst()))
case "compare-parsers": try compareParsers(Array(arguments.dropFirst()))
case "parse-memory":
    // parse-memory MEGABYTES: only the parse of the synthetic page (Satchel's parser), for finding where
    // the memory peak of `linearity` is.
    let page = syntheticPage(megabytes: Int(arguments.dropFirst().first ?? "10") ?? 10)
    let before = currentRSSMegabytes()
    let nodes = HTMLParserComparison.nodeCount(page: page, parser: .satchel)
    print(String(format: "parse-memory: %d nodes; peak RSS %.1f MB over the RSS before parsing (%.1fx the page)",
                 nodes, peakRSSMegabytes() - before, (peakRSSMegabytes() - before) / (Double(page.count) / 1_048_576)))
case "one":
    // one FILE [URL]: the extraction of one page as JSON, for looking at a failure.
    let data = try Data(contentsOf: URL(fileURLWithPath: arguments[1]))
    let article = ArticleExtractor.extract(data: data, url: arguments.count > 2 ? URL(string: arguments[2]) : nil)
    print(String(decoding: article.jsonData(prettyPrinted: true), as: UTF8.self))
default: fail("usage: satchel-capture-bench corpus|metadata|linearity|compare-parsers|one … (see the source's header)")
}
