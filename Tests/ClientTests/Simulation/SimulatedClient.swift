import Foundation
import GRDB
import SatchelShared
@testable import SatchelClient

/// A local write as the simulation saw it made: the mutation it queued and what the operation meant.
/// The oracles judge the final state against these, counting only the ones the server acknowledged.
struct ModelWrite: Sendable {
    enum Effect: Sendable {
        /// A new record with these fields.
        case create
        /// A token inserted into a text field.
        case insert(field: String, token: String)
        /// Tags added and removed.
        case tags(added: Set<String>, removed: Set<String>)
        /// Reading progress moved from `before` to `after`.
        case progress(before: Double, after: Double)
        /// A last-writer-wins field changed.
        case scalar(field: String, before: JSONValue, after: JSONValue)
        /// The record deleted by a machine that had been shown its state up to `shownVersion`, knew its own
        /// writes `ownWrites` to it, and had heard the server's answer to `answeredOwn` of them.
        case delete(shownVersion: Int, ownWrites: Set<UUID>, answeredOwn: Set<UUID>)
        /// A conflict's chosen value written into the record; `removedWords` were in the text and are not after.
        case resolveField(field: String, removedWords: Set<String>)
        /// A conflict marked resolved.
        case resolution
        /// A queued comment.
        case comment
    }

    var client: Int
    var mutation: Mutation
    var effect: Effect
}

extension ModelWrite.Effect {
    /// A short description for failure messages.
    var name: String {
        switch self {
        case .create: "create"
        case .insert(let field, let token): "insert \(token) into \(field)"
        case .tags(let added, let removed): "tags +\(added.sorted()) -\(removed.sorted())"
        case .progress(let before, let after): "progress \(before)→\(after)"
        case .scalar(let field, let before, let after): "\(field) \(before)→\(after)"
        case .delete(let shown, let own, let answered): "delete (shown v\(shown), own writes \(own.count), answered \(answered.count))"
        case .resolveField(let field, _): "resolve \(field)"
        case .resolution: "mark resolved"
        case .comment: "comment"
        }
    }
}

/// One machine of the simulation: its store, and the model of what it did.
final class SimulatedClient: @unchecked Sendable {
    let index: Int
    let directory: URL
    let network: FlakySyncServer
    let clock: SkewedClock
    private(set) var store: LocalStore
    private(set) var incarnation = 0
    private var backup: (path: String, knowledge: (shown: [UUID: Int], answered: Set<UUID>), own: [UUID: Set<UUID>])?
    /// Per record, the mutations of this machine that its database file knows it made.
    private var ownWrites: [UUID: Set<UUID>] = [:]
    var articles: [UUID] = []
    var drafts: [UUID] = []
    var highlights: [UUID] = []
    var writes: [ModelWrite] = []
    var counter = 0

    init(index: Int, directory: URL, network: FlakySyncServer, clock: SkewedClock, worldClock: SimulatedClock) throws {
        self.index = index
        self.directory = directory
        self.network = network
        self.clock = clock
        store = try Self.open(directory.appendingPathComponent("client-\(index)-0.sqlite").path, network, clock, worldClock)
    }

    var name: String { "c\(index)" }

    private static func open(_ path: String, _ network: FlakySyncServer, _ clock: SkewedClock, _ world: SimulatedClock)
        throws -> LocalStore
    {
        let environment = ClientEnvironment(now: { clock.now }, random: { 0.5 }, sleep: { seconds in world.advance(seconds) })
        return try LocalStore(path: path, server: network, environment: environment, fsyncEveryCommit: false)
    }

    /// Copies the database file, as a backup would, and remembers what the machine had been shown then.
    func takeBackup() throws {
        let path = directory.appendingPathComponent("client-\(index)-backup.sqlite").path
        try? FileManager.default.removeItem(atPath: path)
        try store.database.queue.backup(to: DatabaseQueue(path: path))
        backup = (path, network.ledger.knowledge(of: index), ownWrites)
    }

    /// Replaces the machine's database by its last copy and reopens it.
    func restoreBackup(worldClock: SimulatedClock) throws {
        guard let backup else { return }
        incarnation += 1
        let path = directory.appendingPathComponent("client-\(index)-\(incarnation).sqlite").path
        try DatabaseQueue(path: backup.path).backup(to: DatabaseQueue(path: path))
        store = try Self.open(path, network, clock, worldClock)
        network.ledger.restoreKnowledge(backup.knowledge, of: index)
        ownWrites = backup.own
        network.ledger.count(\.restores)
    }

    /// After a sync, the machine works on every record it holds, its own and those other machines made
    /// (only their ids are read; ordered by their text so that a seed replays the same picks).
    func refreshRecords() throws {
        articles = Self.sorted(try store.liveIds(.savedArticle))
        drafts = Self.sorted(try store.liveIds(.draft))
        highlights = Self.sorted(try store.liveIds(.highlight))
    }

    /// Ids in the order of their uppercase text (`uuidString`), each spelled once.
    private static func sorted(_ ids: [UUID]) -> [UUID] {
        ids.map { ($0.text, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    static func operationName(roll: Int, value: Int) -> String {
        switch roll {
        case 12..<22: "saves an article"
        case 22..<32: "starts a draft"
        case 32..<70: "inserts a line into a draft"
        case 70..<90 where value % 9 >= 6: ["highlights a passage", "appends to a highlight's note", "recolors a highlight"][value % 9 - 6]
        case 70..<90: ["sets reading progress", "tags an article", "sets favourite", "sets archived", "appends to a note",
                       "retitles an article"][value % 6]
        case 90..<94: value % 3 == 0 ? "deletes a highlight" : "deletes an article"
        case 94..<96: "deletes a draft"
        default: value % 2 == 0 ? "resolves a conflict (or comments)" : "queues a comment"
        }
    }

    /// One operation. A record another machine deleted disappears here at the next pull; an edit of it
    /// then fails with `notFound` and the id is forgotten.
    func operate(roll: Int, pick: Int, value: Int, world: SimulatedWorld) throws {
        do {
            try attempt(roll: roll, pick: pick, value: value, world: world)
        } catch LocalStoreError.notFound {
            let liveArticles = Set(try store.liveIds(.savedArticle)), liveDrafts = Set(try store.liveIds(.draft))
            let liveHighlights = Set(try store.liveIds(.highlight))
            articles = articles.filter(liveArticles.contains)
            drafts = drafts.filter(liveDrafts.contains)
            highlights = highlights.filter(liveHighlights.contains)
        }
    }

    private func attempt(roll: Int, pick: Int, value: Int, world: SimulatedWorld) throws {
        counter += 1
        let token = "\(name)t\(counter)"
        switch roll {
        case 12..<22:
            let id = try record(.create) { try store.saveArticle(url: "https://example.com/\(token)", title: token).id }
            articles.append(id)
        case 22..<32:
            drafts.append(try record(.create) { try store.createDraft(title: token, body: "intro \(token)\n").id })
        case 32..<70 where !drafts.isEmpty:
            let id = drafts[pick % drafts.count]
            guard var lines = try store.liveRecord(.draft, id).map(LocalStore.draft(from:))?.body.split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init) else { throw LocalStoreError.notFound("draft") }
            lines.insert(token, at: value % lines.count)
            try record(.insert(field: "body", token: token)) { try store.updateDraft(id, body: lines.joined(separator: "\n")) }
        case 70..<90 where value % 9 >= 6:
            try editHighlight(pick: pick, value: value, token: token)
        case 70..<90 where !articles.isEmpty:
            try editArticle(articles[pick % articles.count], value: value, token: token)
        case 90..<94 where value % 3 == 0 && !highlights.isEmpty:
            let id = highlights[pick % highlights.count]
            highlights.removeAll { $0 == id }
            try record(deletion(of: id)) { try store.deleteHighlight(id) }
        case 90..<94 where !articles.isEmpty:
            let id = articles[pick % articles.count]
            articles.removeAll { $0 == id }
            try record(deletion(of: id)) { try store.deleteArticle(id) }
        case 94..<96 where !drafts.isEmpty:
            let id = drafts[pick % drafts.count]
            drafts.removeAll { $0 == id }
            try record(deletion(of: id)) { try store.deleteDraft(id) }
        default:
            let open = world.kind.resolvesConflicts && value % 2 == 0 ? try store.conflicts() : []
            if !open.isEmpty {
                try resolve(open[pick % open.count], value: value / 2)
            } else {
                try record(.comment) { try store.queueComment(postId: world.server.post.id, body: "Comment \(token)") }
            }
        }
    }

    /// Highlights a passage of an article (the simulation's articles have no capture: the record is written
    /// as `addHighlight` writes it, on a made-up text), adds a line to a highlight's note, or recolors one.
    private func editHighlight(pick: Int, value: Int, token: String) throws {
        switch value % 9 {
        case 6 where !articles.isEmpty:
            let articleId = articles[pick % articles.count]
            guard try store.liveRecord(.savedArticle, articleId) != nil else { throw LocalStoreError.notFound("article") }
            let id = UUID.timeOrdered()
            let start = Double(value % 50)
            try record(.create) {
                try store.write(.highlight, id, .create) { fields in
                    fields["articleId"] = .string(articleId.uuidString)
                    fields["exact"] = .string("passage \(token)")
                    fields["prefix"] = .string("before ")
                    fields["suffix"] = .string(" after")
                    fields["start"] = .number(start)
                    fields["end"] = .number(start + 8 + Double(token.count))
                    fields["color"] = .string("yellow")
                    fields["note"] = .string("")
                    fields["createdAt"] = .string(SatchelJSON.string(from: clock.now))
                }
            }
            highlights.append(id)
        case 7 where !highlights.isEmpty:
            let id = highlights[pick % highlights.count]
            guard let highlight = try store.highlight(id) else { throw LocalStoreError.notFound("highlight") }
            try record(.insert(field: "note", token: token)) { try store.updateHighlight(id, note: highlight.note + token + "\n") }
        case 8 where !highlights.isEmpty:
            let id = highlights[pick % highlights.count]
            guard let highlight = try store.highlight(id) else { throw LocalStoreError.notFound("highlight") }
            let color = HighlightColor.allCases[value / 9 % HighlightColor.allCases.count]
            try record(.scalar(field: "color", before: .string(highlight.color), after: .string(color.rawValue))) {
                try store.updateHighlight(id, color: color)
            }
        default:
            return
        }
    }

    private func editArticle(_ id: UUID, value: Int, token: String) throws {
        guard let article = try store.liveRecord(.savedArticle, id).map(LocalStore.article(from:)) else { throw LocalStoreError.notFound("article") }
        switch value % 6 {
        case 0:
            let progress = Double(value / 6 % 101) / 100
            try record(.progress(before: article.readingProgress, after: progress)) { try store.setProgress(id, progress) }
        case 1:
            let after = Set(LocalStore.normalized(Array(Set(article.tags).union([token]).subtracting(article.tags.prefix(1)))))
            let before = Set(article.tags)
            try record(.tags(added: after.subtracting(before), removed: before.subtracting(after))) {
                try store.tag(id, add: [token], remove: Array(article.tags.prefix(1)))
            }
        case 2:
            let favorite = value / 6 % 2 == 0
            try record(.scalar(field: "favorite", before: .bool(article.favorite), after: .bool(favorite))) {
                try store.favorite(id, favorite)
            }
        case 3:
            let archived = value / 6 % 2 == 0
            try record(.scalar(field: "archived", before: .bool(article.archived), after: .bool(archived))) {
                try store.archive(id, archived)
            }
        case 4:
            try record(.insert(field: "note", token: token)) { try store.setNote(id, article.note + token + "\n") }
        default:
            try record(.scalar(field: "title", before: .string(article.title), after: .string(token))) {
                try store.updateArticle(id) { $0.title = token }
            }
        }
    }

    /// Resolves a conflict as a reader would, from this machine, with one of the three choices.
    private func resolve(_ conflict: ConflictRecord, value: Int) throws {
        let resolution: ConflictResolution = [.mine, .theirs, .both][value % 3]
        let before = try text(conflict)
        let deletion = deletion(of: conflict.recordId)
        let mutations = try queued { try store.resolve(conflict.id, resolution) }
        let after = try text(conflict)
        for mutation in mutations {
            let effect: ModelWrite.Effect =
                mutation.entity == .conflict ? .resolution
                : mutation.op == .delete ? deletion
                : .resolveField(field: conflict.field, removedWords: Self.words(before).subtracting(Self.words(after)))
            note(ModelWrite(client: index, mutation: mutation, effect: effect))
        }
    }

    /// A delete's effect: what this machine had been shown of the record and which of its own writes it knew.
    private func deletion(of id: UUID) -> ModelWrite.Effect {
        let own = ownWrites[id] ?? []
        return .delete(
            shownVersion: network.ledger.shownVersion(of: id, to: index), ownWrites: own,
            answeredOwn: own.filter { network.ledger.answered($0, to: index) })
    }

    private func note(_ write: ModelWrite) {
        writes.append(write)
        ownWrites[write.mutation.recordId, default: []].insert(write.mutation.id)
    }

    private func text(_ conflict: ConflictRecord) throws -> String {
        guard let (record, _) = try store.synced(conflict.entity, conflict.recordId) else { return "" }
        return record.fields[conflict.field]?.stringValue ?? ""
    }

    static func words(_ text: String) -> Set<String> {
        Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }

    /// Runs a one-mutation operation and records it with `effect` (nothing when it changed nothing).
    @discardableResult
    private func record<T>(_ effect: ModelWrite.Effect, _ body: () throws -> T) throws -> T {
        var result: T?
        let mutations = try queued { result = try body() }
        for mutation in mutations { note(ModelWrite(client: index, mutation: mutation, effect: effect)) }
        return result!
    }

    /// The mutations `body` appended to the change log.
    private func queued(_ body: () throws -> Void) throws -> [Mutation] {
        let before = try store.database.read { tables in
            try Int.fetchOne(tables.db.cachedStatement(sql: "SELECT COALESCE(MAX(sequence), 0) FROM outbox")) ?? 0
        }
        try body()
        return try store.database.read { tables in
            try String.fetchAll(
                tables.db.cachedStatement(sql: "SELECT mutation FROM outbox WHERE sequence > ? ORDER BY sequence"),
                arguments: [before]
            ).map(LocalCoding.mutation)
        }
    }

    /// The client's live articles, drafts and conflict records as the server would show them.
    func snapshot() throws -> [UUID: JSONValue] {
        var result: [UUID: JSONValue] = [:]
        for entity in [SyncEntity.savedArticle, .draft, .conflict, .highlight] {
            for record in try store.database.read({ try $0.records.all(entity) }) { result[record.id] = .object(record.fields) }
        }
        return result
    }
}
