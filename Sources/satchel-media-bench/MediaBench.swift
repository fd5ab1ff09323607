import Foundation
import SatchelImages

/// Release-build benchmark of the image pipeline (`make bench-media`): every variant of each image in a folder
/// (widths 320–1920 in WebP and JPEG, as the server makes them), `concurrency` images at once as the server's
/// queue does, each on a thread of its own. Prints one line of figures; `scripts/bench-media.sh` runs
/// vipsthumbnail on the same images in the same run and compares.
///
/// Usage: `satchel-media-bench FOLDER [CONCURRENCY] [OUTPUT-FOLDER]`
@main
struct MediaBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: satchel-media-bench FOLDER [CONCURRENCY] [OUTPUT-FOLDER]\n".utf8))
            exit(64)
        }
        let folder = arguments[1]
        let concurrency = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 2) : 2
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jpg") }.sorted()
        let images = try names.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(folder)/\($0)"))) }
        let results = Results(outputFolder: arguments.count > 3 ? arguments[3] : nil)
        let next = Counter()
        let baseline = peakRSSMiB()
        let start = Date()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while true {
                        let index = next.take()
                        guard index < images.count else { return }
                        results.record(await variants(of: images[index]), name: names[index])
                    }
                }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        let (count, bytes, failures) = results.totals
        print(String(
            format: "satchel images=%d variants=%d seconds=%.3f variants_per_second=%.2f peak_rss_mib=%.1f "
                + "baseline_rss_mib=%.1f output_mib=%.1f",
            images.count, count, seconds, Double(count) / seconds, peakRSSMiB(), baseline, Double(bytes) / 1_048_576))
        if !failures.isEmpty {
            print("failures: \(failures)")
            exit(1)
        }
    }

    /// Every variant of `bytes`, made on a thread of its own as the server makes them.
    static func variants(of bytes: [UInt8]) async -> Result<[EncodedVariant], any Error> {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result {
                    try ImagePipeline.variants(of: bytes, image: try ImagePipeline.inspect(bytes))
                })
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// This process's peak resident memory so far, in MiB.
    static func peakRSSMiB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// What the workers made, written under a lock.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private let outputFolder: String?
    private var variants = 0
    private var bytes = 0
    private var failures: [String] = []

    init(outputFolder: String?) {
        self.outputFolder = outputFolder
    }

    /// Counts one image's variants (and writes them out when asked).
    func record(_ outcome: Result<[EncodedVariant], any Error>, name: String) {
        lock.withLock {
            switch outcome {
            case .success(let made):
                variants += made.count
                bytes += made.reduce(0) { $0 + $1.bytes.count }
                if let outputFolder {
                    for variant in made {
                        let path = "\(outputFolder)/\(name)-\(variant.width).\(variant.format.fileExtension)"
                        try? Data(variant.bytes).write(to: URL(fileURLWithPath: path))
                    }
                }
            case .failure(let error):
                failures.append("\(name): \(error)")
            }
        }
    }

    /// Variants, their bytes, and the failures.
    var totals: (Int, Int, [String]) { lock.withLock { (variants, bytes, failures) } }
}

/// The next image to work on, shared by the workers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The next index.
    func take() -> Int {
        lock.withLock {
            value += 1
            return value - 1
        }
    }
}
