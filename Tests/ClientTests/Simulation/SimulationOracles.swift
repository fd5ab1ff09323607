import Foundation
import SatchelCapture
import SatchelShared
@testable import SatchelClient
@testable import SatchelServer
import SatchelSync

/// The oracles: after a world settles, every merge rule's promise is checked against the model of what
/// each machine did, counting only writes the server acknowledged. Each returns its complaints.
struct SimulationOracles {
    let world: SimulatedWorld
    /// Every acknowledged model write, in the server's apply order.
    let acknowledged: [(write: ModelWrite, ack: Acknowledgement)]

    init(world: SimulatedWorld) {
        self.world = world
        let ledger = world.ledger
        acknowledged = world.clients.flatMap(\.writes)
            .compactMap { write in ledger.acknowledgement(of: write.mutation.id).map { (write, $0) } }
            .sorted { $0.ack.order < $1.ack.order }
    }

    /// Every oracle's complaints, each prefixed with the oracle's name.
    func check() async throws -> [String] {
        let server = try await serverRecords()
        let live = server.filter { !$0.value.deleted }
        var failures = try convergence(live)
        let byRecord = Dictionary(grouping: acknowledged, by: { $0.write.mutation.recordId })
        let conflicts = live.values.filter { $0.entity == .conflict }.compactMap(conflict(from:))
        for (id, writes) in byRecord {
            guard let entity = writes.first?.write.mutation.entity, [.savedArticle, .draft, .highlight].contains(entity) else { continue }
            failures += deleteVersusEdit(id, writes, alive: live[id] != nil)
            guard case .object(let fields)? = live[id]?.record else { continue }
            let writes = keptAcrossPurges(writes)
            failures += text(id, writes, fields, conflicts.filter { $0.recordId == id })
            if entity == .highlight { failures += lastWriterWins(id, writes, fields, names: ["color"]) }
            guard entity == .savedArticle else { continue }
            failures += tags(id, writes, fields)
            failures += progress(id, writes, fields)
            failures += lastWriterWins(id, writes, fields, names: ["favorite", "archived", "title"])
        }
        failures += conflictRecords(conflicts, live: live, byRecord: byRecord)
        failures += try highlightPlacements(live)
        failures += try await comments()
        return failures
    }

    /// Highlights: every machine holds each live highlight and places it the same way (here on a text made
    /// from its article's title, as a capture would be shared), and none is held twice.
    private func highlightPlacements(_ live: [UUID: SyncChange]) throws -> [String] {
        var failures: [String] = []
        let expected = Set(live.values.filter { $0.entity == .highlight }.map(\.recordId))
        var placements: [UUID: [String]] = [:]
        for client in world.clients {
            let held = try client.store.highlights()
            if held.count != Set(held.map(\.id)).count { failures.append("highlights: \(client.name) holds a highlight twice") }
            if Set(held.map(\.id)) != expected {
                failures.append("highlights: \(client.name) holds \(held.count), the server \(expected.count)")
            }
            for highlight in held {
                let title = try client.store.article(highlight.articleId)?.value.title ?? ""
                let text = "before passage \(title) after. " + String(repeating: "Filler words. ", count: 4) + title
                let quote = TextQuote(
                    exact: highlight.exact, prefix: highlight.prefix, suffix: highlight.suffix, start: highlight.start,
                    end: highlight.end, repeatIndex: highlight.repeatIndex, repeatCount: highlight.repeatCount,
                    occurrences: highlight.occurrences, nearOccurrences: highlight.nearOccurrences)
                placements[highlight.id, default: []].append("\(QuoteAnchoring.place(quote, in: text, sameCapture: false))")
            }
        }
        for (id, seen) in placements where Set(seen).count > 1 {
            failures.append("highlights: \(id) is placed differently on different machines: \(seen)")
        }
        return failures
    }

    // MARK: The server's final state

    private func serverRecords() async throws -> [UUID: SyncChange] {
        var records: [UUID: SyncChange] = [:]
        var cursor: String?
        while true {
            let body = try await world.server.service.pull(user: world.server.user, cursor: cursor, limit: 1_000).body
            let page = try PullResponse.decode(body)
            for change in page.changes { records[change.recordId] = try change.parsed() }
            cursor = page.cursor
            if !page.hasMore { return records }
        }
    }

    private func conflict(from change: SyncChange) -> ConflictRecord? {
        guard case .object(let fields) = change.record else { return nil }
        return ConflictRecord(record: LocalRecord(entity: .conflict, id: change.recordId, fields: fields, updatedAt: Date()))
    }

    // MARK: Oracles

    /// Every machine holds exactly the server's live records, with nothing pending and nothing set aside.
    private func convergence(_ live: [UUID: SyncChange]) throws -> [String] {
        var failures: [String] = []
        let expected = live.filter { $0.value.entity != .comment }.mapValues(\.record)
        for client in world.clients {
            let status = try client.store.status()
            if status.pendingChanges != 0 { failures.append("convergence: \(client.name) still has pending changes") }
            if !status.deadLetters.isEmpty {
                failures.append("convergence: \(client.name) set aside \(status.deadLetters.map(\.reason))")
            }
            let local = try client.snapshot()
            for (id, record) in expected where local[id] != record {
                failures.append("convergence: \(client.name) disagrees on \(id): \(local[id]?.description ?? "nil") vs \(record)")
            }
            for id in Set(local.keys).subtracting(expected.keys) {
                failures.append("convergence: \(client.name) holds \(id), which the server does not")
            }
        }
        return failures
    }

    /// Text: every acknowledged insertion is in the final text, in a conflict record of that field, or was
    /// removed by a resolution made on a machine that showed it.
    private func text(_ id: UUID, _ writes: [(write: ModelWrite, ack: Acknowledgement)], _ fields: [String: JSONValue],
                      _ conflicts: [ConflictRecord]) -> [String] {
        var failures: [String] = []
        for (write, _) in writes {
            guard case .insert(let field, let token) = write.effect else { continue }
            if SimulatedClient.words(fields[field]?.stringValue ?? "").contains(token) { continue }
            let inConflict = conflicts.contains { conflict in
                conflict.field == field && [conflict.base, conflict.local, conflict.remote, conflict.kept].contains {
                    SimulatedClient.words($0?.stringValue ?? "").contains(token)
                }
            }
            let resolvedAway = writes.contains {
                if case .resolveField(field, let removed) = $0.write.effect { return removed.contains(token) }
                return false
            }
            if !inConflict && !resolvedAway {
                failures.append("text: c\(write.client)'s insertion \(token) into \(field) of \(id) was lost")
            }
        }
        return failures
    }

    /// Tags: a tag added and never removed survives; a tag removed (never re-added: tags are unique) stays removed.
    private func tags(_ id: UUID, _ writes: [(write: ModelWrite, ack: Acknowledgement)], _ fields: [String: JSONValue]) -> [String] {
        var added: Set<String> = [], removed: Set<String> = []
        for (write, _) in writes {
            if case .tags(let plus, let minus) = write.effect {
                added.formUnion(plus)
                removed.formUnion(minus)
            }
        }
        let final = Set(fields["tags"]?.stringArrayValue ?? [])
        var failures: [String] = []
        for tag in added.subtracting(removed) where !final.contains(tag) {
            failures.append("tags: \(tag) was added to \(id), never removed, and is gone")
        }
        for tag in removed where final.contains(tag) {
            failures.append("tags: \(tag) was removed from \(id) and came back")
        }
        return failures
    }

    /// Reading progress: the final value is one that was written, and it is below a written value only
    /// when a later write came from a machine that had seen at least that value and lowered it.
    private func progress(_ id: UUID, _ writes: [(write: ModelWrite, ack: Acknowledgement)], _ fields: [String: JSONValue])
        -> [String]
    {
        let final = fields["readingProgress"]?.numberValue ?? -1
        let moves = writes.compactMap { entry -> (before: Double, after: Double, order: Int)? in
            if case .progress(let before, let after) = entry.write.effect { return (before, after, entry.ack.order) }
            return nil
        }
        var failures: [String] = []
        if final != 0 && !moves.contains(where: { $0.after == final }) {
            failures.append("progress: \(id) ends at \(final), which no machine wrote")
        }
        for move in moves where move.after > final {
            if !moves.contains(where: { $0.order > move.order && $0.before >= move.after }) {
                failures.append("progress: \(id) ends at \(final) though \(move.after) was written and nobody who saw it lowered it")
            }
        }
        return failures
    }

    /// Favourite, archived, title (a highlight's color): a write made on top of the value it replaced wins;
    /// of concurrent writes, the one with the latest hybrid-clock stamp (as the server bounds it) wins.
    private func lastWriterWins(_ id: UUID, _ writes: [(write: ModelWrite, ack: Acknowledgement)],
                                _ fields: [String: JSONValue], names: [String]) -> [String] {
        guard let create = writes.first(where: { if case .create = $0.write.effect { true } else { false } }) else { return [] }
        var failures: [String] = []
        for name in names {
            guard var value = create.write.mutation.fields[name]?.value else { continue }
            var stamp = create.ack.stamp
            for (write, ack) in writes {
                // A record sent whole after a purge restores what its machine last saw, without the stamps of
                // those writes (they went with the tombstone): a concurrent write of the field wins over it.
                if ack.sentWholeFrom != nil { stamp = .unknown }
                guard case .scalar(name, let before, let after) = write.effect else { continue }
                if before == value || (after != value && ack.stamp > stamp) {
                    value = after
                    stamp = ack.stamp
                }
            }
            if fields[name] != value {
                failures.append("last writer wins: \(name) of \(id) is \(fields[name]?.description ?? "nil"), expected \(value)")
            }
        }
        return failures
    }

    /// Delete vs. edit: a delete removes the record only when its machine had been shown every other
    /// machine's edit; an edit reaching a deleted record brings it back. The final state must agree.
    private func deleteVersusEdit(_ id: UUID, _ writes: [(write: ModelWrite, ack: Acknowledgement)], alive: Bool) -> [String] {
        var expectAlive = false
        var deleted = false
        for (index, entry) in writes.enumerated() {
            switch entry.write.effect {
            case .create:
                expectAlive = true
            case .delete(let shown, let own, let answered):
                world.ledger.count(\.deletes)
                guard expectAlive else { continue }
                // Another machine's edit is unseen when this one was never shown its version. Its own edit
                // is seen when its answer arrived before the delete, or when the same push applied both;
                // otherwise the server cannot tell it from another machine's, and keeps the record.
                // Another machine's unseen delete also keeps it (standard seed 8): this machine's own edit
                // brought the record back, and its later delete then conflicts. Visible, nothing lost. One that
                // was not applied (it lost to an edit) left the record as it was, so there is nothing unseen.
                // A delete that names no base version (its machine never learned one: pgpair and horizon seed 46)
                // removes whatever the server holds; its machine's own writes are then not concurrent with it.
                let deletesAnyVersion = entry.write.mutation.baseVersion == nil
                let unseen = writes[..<index].contains { other in
                    if own.contains(other.write.mutation.id) {
                        if case .delete = other.write.effect { return false }
                        if deletesAnyVersion { return false }
                        return !answered.contains(other.write.mutation.id) && other.ack.push != entry.ack.push
                    }
                    // Another machine's delete that lost to an edit changed nothing there is to see (restore seed 1280).
                    if case .delete = other.write.effect, other.ack.status != .applied { return false }
                    return (other.ack.version ?? 0) > shown
                }
                if unseen { world.ledger.count(\.deletesKeptForEdit) } else { expectAlive = false }
                deleted = !expectAlive
            default:
                if deleted { world.ledger.count(\.resurrections) }
                expectAlive = true
                deleted = false
            }
        }
        guard writes.contains(where: { if case .delete = $0.write.effect { true } else { false } }) else { return [] }
        if alive == expectAlive { return [] }
        let history = writes.map { entry in
            "c\(entry.write.client) \(entry.write.effect.name) (v\(entry.ack.version ?? 0), \(entry.ack.status.rawValue))"
        }
        return ["delete vs edit: \(id) is \(alive ? "alive" : "gone"), expected \(expectAlive ? "alive" : "gone"): "
            + history.joined(separator: "; ")]
    }

    /// Conflict records name their rule, base and both values; a resolved one is resolved everywhere.
    private func conflictRecords(_ conflicts: [ConflictRecord], live: [UUID: SyncChange],
                                 byRecord: [UUID: [(write: ModelWrite, ack: Acknowledgement)]]) -> [String] {
        var failures: [String] = []
        let rules = Set(MergeRule.allCases.map(\.rawValue) + [ConflictRecord.updateWinsOverDelete])
        for conflict in conflicts {
            let fields = SyncSchema.fields(of: conflict.entity)
            if !rules.contains(conflict.rule) { failures.append("conflict: \(conflict.id) names no rule (\(conflict.rule))") }
            if fields[conflict.field] == nil && conflict.field != "deleted" {
                failures.append("conflict: \(conflict.id) names no field (\(conflict.field))")
            }
            if conflict.base == nil || conflict.local == conflict.remote || ![conflict.local, conflict.remote].contains(conflict.kept) {
                failures.append("conflict: \(conflict.id) lacks its base or one of both values: \(conflict)")
            }
            if conflict.field == "deleted" ? conflict.rule != ConflictRecord.updateWinsOverDelete
                : conflict.rule != fields[conflict.field]?.rule.rawValue {
                failures.append("conflict: \(conflict.id) names rule \(conflict.rule) for \(conflict.field)")
            }
        }
        for (id, writes) in byRecord where writes.contains(where: { if case .resolution = $0.write.effect { true } else { false } }) {
            guard let conflict = live[id].flatMap(conflict(from:)), conflict.resolved, conflict.resolution != nil else {
                failures.append("conflict: \(id) was resolved but is not settled on the server")
                continue
            }
            world.ledger.count(\.resolutions)
        }
        return failures
    }

    /// Comments: each acknowledged one is on the server exactly once, and every queued one learned its fate.
    private func comments() async throws -> [String] {
        var failures: [String] = []
        let dependencies = world.server.dependencies
        let post = world.server.post.id
        let approved = try await dependencies.comments.comments(postId: post, status: .approved, limit: 10_000, position: .start)
        let held = try await dependencies.comments.comments(postId: post, status: .pending, limit: 10_000, position: .start)
        let posted = (approved.comments + held.comments).map(\.id)
        if posted.count != Set(posted).count { failures.append("comments: a comment was posted twice") }
        let acknowledged = Set(acknowledged.filter { $0.write.mutation.entity == .comment }.map(\.write.mutation.recordId))
        if Set(posted) != acknowledged { failures.append("comments: posted and acknowledged comments differ") }
        for client in world.clients {
            let queued = try client.store.queuedComments()
            if !Set(queued.map(\.id)).isSubset(of: Set(posted)) {
                failures.append("comments: \(client.name) queued a comment that never arrived")
            }
            if !queued.allSatisfy({ $0.moderation != nil }) {
                failures.append("comments: \(client.name) has a comment that never learned its status")
            }
        }
        return failures
    }
}
