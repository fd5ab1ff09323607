import Foundation
import GRDB
import SatchelShared
import Testing
@testable import SatchelClient

@Suite("Client storage: outbox and dead letters")
struct LocalDatabaseOutboxTests {
    @Test("the outbox keeps mutations in order, per record, across a reopen")
    func enqueueInOrder() throws {
        let file = LocalDatabaseFile()
        let a = UUID(), b = UUID()
        let first = titleMutation(a, "one", op: .create), second = titleMutation(b, "two", op: .create)
        let third = titleMutation(a, "three")
        try file.open().write { (tables) throws in
            #expect(try tables.outbox.isEmpty())
            for mutation in [first, second, third] { try tables.outbox.append(mutation) }
        }
        let database = try file.open()
        try database.read { (tables) throws in
            #expect(try !tables.outbox.isEmpty())
            #expect(try tables.outbox.count() == 3)
            let oldest = try tables.outbox.oldest(limit: 2)
            #expect(oldest.map(\.mutation) == [first, second])
            #expect(oldest[0].sequence < oldest[1].sequence)
            #expect(try tables.outbox.oldest(limit: 10).map(\.mutation) == [first, second, third])
            #expect(try tables.outbox.pending(.savedArticle, a) == [first, third])
            #expect(try tables.outbox.hasPending(.savedArticle, b))
            #expect(try !tables.outbox.hasPending(.savedArticle, UUID()))
        }
    }

    @Test("an acknowledged mutation leaves the outbox; a replaced one keeps its place")
    func acknowledgeAndReplace() throws {
        let database = try LocalDatabaseFile().open()
        let a = UUID()
        let first = titleMutation(a, "one"), second = titleMutation(a, "two")
        var recreated = first
        recreated.op = .create
        recreated.baseVersion = nil
        try database.write { (tables) throws in
            try tables.outbox.append(first)
            try tables.outbox.append(second)
            try tables.outbox.replace(recreated)
        }
        #expect(try database.read { try $0.outbox.oldest(limit: 10).map(\.mutation) } == [recreated, second])
        try database.write { try $0.outbox.remove(mutationId: first.id) }
        try database.read { (tables) throws in
            #expect(try tables.outbox.oldest(limit: 10).map(\.mutation) == [second])
            #expect(try tables.outbox.count() == 1)
        }
    }

    @Test("a dead letter keeps the mutation and reason, marks the record rejected, and can be dismissed")
    func deadLetters() throws {
        let database = try LocalDatabaseFile().open()
        let a = UUID()
        let mutation = titleMutation(a, "refused")
        let at = Date(millis: 1_700_000_000_123)
        try database.write { (tables) throws in
            try tables.deadLetters.add(mutation, reason: "Too long.", at: at)
            try tables.deadLetters.add(mutation, reason: "Still too long.", at: at)
        }
        try database.read { (tables) throws in
            #expect(try tables.deadLetters.all() == [DeadLetter(mutation: mutation, reason: "Still too long.", rejectedAt: at)])
            #expect(try tables.deadLetters.contains(.savedArticle, a))
            #expect(try tables.syncState(.savedArticle, a) == .rejected)
        }
        #expect(try database.write { try $0.deadLetters.dismiss(mutationId: mutation.id) })
        #expect(try !database.write { try $0.deadLetters.dismiss(mutationId: mutation.id) })
        try database.read { (tables) throws in
            #expect(try tables.deadLetters.all().isEmpty)
            #expect(try tables.syncState(.savedArticle, a) == .synced)
        }
    }

    @Test("a pending mutation outranks a dead letter in the record's sync state")
    func pendingBeforeRejected() throws {
        let database = try LocalDatabaseFile().open()
        let a = UUID()
        try database.write { (tables) throws in
            try tables.deadLetters.add(titleMutation(a, "refused"), reason: "No.", at: Date())
            try tables.outbox.append(titleMutation(a, "again"))
        }
        #expect(try database.read { try $0.syncState(.savedArticle, a) } == .pending)
    }
}
