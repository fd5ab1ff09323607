import CFuzzDriver
import Foundation
import SatchelShared

/// One fuzz input through every parser that reads bytes from the network: the JSON parser (whose
/// output must write and re-parse to the same value) and the sync wire decoders of both directions; the
/// pull page reader (records kept as text) must read exactly what the generic reading over a parsed tree reads.
/// Any trap, overflow or sanitizer report is a finding; a refusal is not.
enum JSONFuzzTarget {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        if let value = try? JSONValue(parsing: bytes) {
            let written = value.jsonBytes()
            guard let again = try? JSONValue(parsing: written), again == value || value.containsNaN else {
                fatalError("parse → write → parse changed the value of \(String(decoding: written, as: UTF8.self))")
            }
        }
        let data = Data(bytes)
        _ = try? PushRequest.decode(data)
        _ = try? PushResponse.decode(data)
        let pull = Result { () throws(SyncWireError) in
            let tree: JSONValue
            do throws(JSONParseError) { tree = try JSONValue(parsing: data) } catch { throw SyncWireError(path: "", message: error.description) }
            return try PullResponse(json: tree)
        }
        let page = Result { () throws(SyncWireError) in try PullResponse.decode(data) }
        switch (pull, page) {
        case (.success(let pull), .success(let page)):
            guard page.changes.count == pull.changes.count, page.cursor == pull.cursor,
                  zip(page.changes, pull.changes).allSatisfy({ (try? $0.parsed()) == (try? $1.parsed()) })
            else { fatalError("the pull decoders read different pages from \(String(decoding: bytes, as: UTF8.self))") }
        case (.failure(let pullError), .failure(let pageError)):
            guard pullError == pageError else { fatalError("the pull decoders disagree: \(pullError) / \(pageError)") }
        default:
            fatalError("one pull decoder accepted what the other refused: \(String(decoding: bytes, as: UTF8.self))")
        }
    }
}

extension JSONValue {
    /// NaN is never parsed, but is unequal to itself; kept out of the round-trip comparison anyway.
    var containsNaN: Bool {
        switch self {
        case .number(let number): number.isNaN
        case .array(let items): items.contains(where: \.containsNaN)
        case .object(let members): members.values.contains(where: \.containsNaN)
        default: false
        }
    }
}

/// Runs libFuzzer over ``JSONFuzzTarget`` when built with `-sanitize=fuzzer -DFUZZING`
/// (scripts/fuzz-json.sh); otherwise replays the files named on the command line (a corpus or a crash).
@main
struct JSONFuzzMain {
    static func main() throws {
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { start, count in
            JSONFuzzTarget.run(UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count))
            return 0
        })
        #else
        for path in CommandLine.arguments.dropFirst() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            data.withUnsafeBytes { JSONFuzzTarget.run($0) }
        }
        print("replayed \(CommandLine.arguments.count - 1) inputs")
        #endif
    }
}
