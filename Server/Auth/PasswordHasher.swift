import HummingbirdBcrypt
import NIOPosix
import SatchelShared

/// bcrypt password hashing, run on NIO's thread pool: bcrypt is deliberately slow and must not
/// stall the cooperative pool that serves requests.
public struct PasswordHasher: Sendable {
    /// bcrypt cost factor (log2 rounds). 11 by default; tests use the minimum, 4.
    public let cost: UInt8
    /// A hash of no one's password at `cost`: a login for an unknown user is checked against it, so
    /// that it takes as long as one for a known user and the answer's timing does not tell them apart.
    private let dummyHash: String

    /// Creates a hasher with a bcrypt cost.
    public init(cost: UInt8 = 11) {
        self.cost = cost
        self.dummyHash = Bcrypt.hash("satchel: no such user", cost: cost)
    }

    /// Hashes a password with a fresh salt. bcrypt reads at most 72 bytes and stops at a NUL, so
    /// callers refuse passwords with a NUL or over 72 bytes before they get here.
    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches a stored hash; `nil` (no such user) does the same work and answers false.
    func verify(_ password: String, hash: String?) async throws -> Bool {
        let stored = hash ?? dummyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: stored) }
        return matches && hash != nil && !TextRules.containsNUL(password)
    }
}
