import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Creates an empty database called `name` on the server of `configuration` (connecting to its
    /// database) and returns a configuration naming the new one. Tests and benchmarks use it to get a
    /// database of their own; `name` may hold lowercase letters, digits and `_` only.
    public static func createDatabase(
        named name: String, on configuration: PostgresStoreConfiguration,
        logger: Logger = Logger(label: "satchel.postgres")
    ) async throws -> PostgresStoreConfiguration {
        guard !name.isEmpty, name.count <= 63,
              name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" })
        else { throw StoreError.unavailable("invalid database name") }
        var admin = configuration
        admin.poolSize = 1
        let client = PostgresClient(configuration: clientConfiguration(admin), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var created = configuration
        created.database = name
        return created
    }
}
