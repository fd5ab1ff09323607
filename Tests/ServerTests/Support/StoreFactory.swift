import Foundation
@testable import Server

/// Every server store implementation; each conformance test runs once per case.
enum StoreKind: String, CaseIterable, Sendable {
    case sqlite

    /// A fresh, empty store of this kind in its own real database.
    func makeStore() throws -> any ServerStore {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("satchel-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try SQLiteStore(path: directory.appendingPathComponent("server.sqlite").path)
        }
    }
}

/// One value implementing every store protocol, as a server runs with.
typealias ServerStore = AccountStore & PostStore & CommentStore & IdempotencyStore & SyncStore
