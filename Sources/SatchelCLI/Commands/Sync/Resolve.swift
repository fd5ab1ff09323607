import ArgumentParser
import SatchelClient
import Foundation
import SatchelShared

/// `satchel resolve ID --keep mine|theirs|both` or `--value TEXT`: settles a conflict everywhere.
struct Resolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Resolve a conflict: keep mine, theirs, both, or a value of your own.",
        discussion: """
            "both" keeps both texts one after the other (and unites tag sets, keeps a deleted record). \
            --value sets the field to TEXT (for tags, a comma-separated list).

            Example:
              satchel resolve 0b7e --keep both
              satchel resolve 0b7e --value "The paragraph as it should read."
            """)

    /// Which side to keep.
    enum Keep: String, ExpressibleByArgument, CaseIterable {
        case mine, theirs, both
    }

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The conflict's id, or the short id a list shows.") var id: String
    @Option(help: "Which value to keep: mine, theirs or both.") var keep: Keep?
    @Option(help: "Use this value instead.") var value: String?

    func validate() throws {
        if (keep == nil) == (value == nil) { throw ValidationError("Give either --keep mine|theirs|both or --value TEXT.") }
    }

    func run() async throws {
        let session = try Session.open(options)
        let conflictId = try session.conflictId(id)
        guard let conflict = try session.store.conflicts().first(where: { $0.id == conflictId }) else {
            throw CLIError("No open conflict \(id).", exitCode: ExitStatus.notFound)
        }
        let resolution: ConflictResolution
        switch keep {
        case .mine: resolution = .mine
        case .theirs: resolution = .theirs
        case .both: resolution = .both
        case nil: resolution = .value(try Self.value(value ?? "", like: conflict.kept, field: conflict.field))
        }
        try session.store.resolve(conflictId, resolution)
        let outcome = await session.syncAfterChange()
        struct Resolved: Encodable { var id: UUID; var resolution: String }
        let name = keep?.rawValue ?? "value"
        try session.emit(ChangeReport(record: Resolved(id: conflictId, resolution: name), sync: outcome)) {
            "Resolved conflict \(IDResolver.short(conflictId)) (\(name)).\n\(outcome.message)"
        }
    }

    /// `text` as a value of the same JSON type as the field's kept value.
    static func value(_ text: String, like kept: JSONValue, field: String) throws -> JSONValue {
        switch kept {
        case .array:
            return .array(text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
        case .number:
            guard let number = Double(text) else {
                throw CLIError("The field \(field) needs a number.", exitCode: ExitStatus.usage)
            }
            return .number(number)
        case .bool:
            guard let flag = Bool(text.lowercased()) else {
                throw CLIError("The field \(field) needs true or false.", exitCode: ExitStatus.usage)
            }
            return .bool(flag)
        default:
            return .string(text)
        }
    }
}
