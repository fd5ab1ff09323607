import Foundation

/// Where a ``PostgresStore`` connects and how many connections it may open.
public struct PostgresStoreConfiguration: Sendable, Hashable {
    /// How the connections negotiate TLS.
    public enum TLSMode: String, Sendable, Hashable {
        /// Never use TLS (`sslmode=disable`).
        case disable
        /// Use TLS when the server offers it (`sslmode=prefer`), the default.
        case prefer
        /// Refuse to connect without TLS (`sslmode=require`).
        case require
    }

    /// Server host name or address.
    public var host: String
    /// Server port. 5432 by default.
    public var port: Int
    /// Role to connect as.
    public var username: String
    /// Password, when the server asks for one.
    public var password: String?
    /// Database name; the server's default (the role's name) when `nil`.
    public var database: String?
    /// TLS negotiation. ``TLSMode/prefer`` by default.
    public var tls: TLSMode
    /// Most connections the pool keeps open at once. 10 by default.
    public var poolSize: Int

    /// Creates a configuration; every argument but the host and user has a default.
    public init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String? = nil,
        tls: TLSMode = .prefer, poolSize: Int = 10
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.poolSize = poolSize
    }

    /// Parses `postgres://user[:password]@host[:port][/database][?sslmode=…&pool_size=…]`
    /// (`postgresql://` works too). Throws a ``DatabaseURLError`` that says what is wrong.
    ///
    /// ```swift
    /// let configuration = try PostgresStoreConfiguration(url: "postgres://satchel@127.0.0.1:5432/satchel")
    /// ```
    public init(url text: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw DatabaseURLError("is not a URL; write postgres://user@host:port/database.")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw DatabaseURLError("has the scheme \(scheme); only postgres:// and postgresql:// are supported.")
        }
        guard let host = components.host, !host.isEmpty else {
            throw DatabaseURLError("has no host; write postgres://user@host:port/database.")
        }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw DatabaseURLError("has no user name; write postgres://user@host:port/database.")
        }
        if let port = components.port, !(1...65_535).contains(port) {
            throw DatabaseURLError("has the port \(port); a port is from 1 to 65535.")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        if path.contains("/") { throw DatabaseURLError("names the database \(path); a database name has no '/'.") }
        self.init(
            host: host, port: components.port ?? 5432, username: user,
            password: components.password?.removingPercentEncoding,
            database: path.isEmpty ? nil : path.removingPercentEncoding)
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw DatabaseURLError("has sslmode=\(item.value ?? ""); use disable, prefer or require.")
                }
                tls = mode
            case "pool_size":
                guard let size = item.value.flatMap(Int.init), (1...1_000).contains(size) else {
                    throw DatabaseURLError("has pool_size=\(item.value ?? ""); use a number from 1 to 1000.")
                }
                poolSize = size
            default:
                throw DatabaseURLError("has the unknown parameter \(item.name); known: sslmode, pool_size.")
            }
        }
    }
}

/// Why a database URL cannot be used; `description` is a sentence for the operator, without the password.
public struct DatabaseURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, completing "The database URL …".
    public var problem: String

    /// Creates an error from what is wrong.
    public init(_ problem: String) { self.problem = problem }

    /// The full sentence.
    public var description: String { "The database URL \(problem)" }
}
