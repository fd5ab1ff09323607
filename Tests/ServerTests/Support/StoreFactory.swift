import Foundation
import Testing
@testable import SatchelServer
import SatchelTestSupport
@testable import SatchelStores

/// Every server store implementation; each conformance test runs once per case.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// A fresh, empty store of this kind in its own real database.
    ///
    /// PostgreSQL needs `SATCHEL_TEST_POSTGRES_URL` (set by `scripts/with-postgres.sh`, which `make test`
    /// runs the tests through); without it this throws, so the PostgreSQL cases fail instead of skipping.
    func makeStore() async throws -> any ServerStore {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("satchel-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try SQLiteStore(path: directory.appendingPathComponent("server.sqlite").path)
        case .postgres:
            return try await PostgresTestDatabase.makeStore()
        }
    }

    var testDescription: String { rawValue }
}

/// One value implementing every store protocol, as a server runs with.
typealias ServerStore = AccountStore & PostStore & CommentStore & IdempotencyStore & SyncStore & LimitStore
    & OperationsStore & VersionStore & BlobStore & FeedStore & MediaStore
