import HummingbirdBcrypt
import NIOPosix

/// bcrypt password hashing, run on NIO's thread pool: bcrypt is deliberately slow and must not
/// stall the cooperative pool that serves requests.
public struct PasswordHasher: Sendable {
    /// bcrypt cost factor (log2 rounds). 11 by default; tests use the minimum, 4.
    public var cost: UInt8

    /// Creates a hasher with a bcrypt cost.
    public init(cost: UInt8 = 11) {
        self.cost = cost
    }

    /// Hashes a password with a fresh salt.
    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches a stored hash.
    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
