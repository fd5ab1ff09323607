import Foundation
import SatchelStores

/// How `satchel-server` reads its database settings from the environment and its options.
public enum ServerEnvironment {
    /// The `--database` default: `SATCHEL_DATABASE_URL`, else `SATCHEL_DATABASE`, else `satchel.sqlite`.
    public static func database(_ environment: [String: String]) -> String {
        if let url = environment["SATCHEL_DATABASE_URL"], !url.isEmpty { return url }
        if let path = environment["SATCHEL_DATABASE"], !path.isEmpty { return path }
        return "satchel.sqlite"
    }

    /// Parses `database`; a PostgreSQL URL without `pool_size` gets `poolSize`.
    public static func location(_ database: String, poolSize: Int) throws(DatabaseURLError) -> DatabaseLocation {
        let location = try DatabaseLocation(parsing: database)
        guard case .postgres(var configuration) = location, !database.contains("pool_size=") else { return location }
        configuration.poolSize = poolSize
        return .postgres(configuration)
    }
}
