import Crypto
import Foundation
import SatchelHTTP
import SatchelShared
import SatchelStores

/// Makes opaque bearer tokens and the hashes under which they are stored.
///
/// A token is 32 random bytes in base64url; only its SHA-256 is stored, so a copy of the
/// database does not hand out working tokens.
public struct TokenIssuer: Sendable {
    /// How long a token works after it is issued. 30 days by default.
    public var lifetime: TimeInterval

    /// Creates an issuer.
    public init(lifetime: TimeInterval = 30 * 24 * 3600) {
        self.lifetime = lifetime
    }

    /// Issues a token for `userId`, storing its hash; returns the token and its expiry.
    func issue(for userId: UUID, store: any AccountStore, now: Date) async throws -> TokenResponse {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let expiresAt = now.addingTimeInterval(lifetime)
        try await store.insertToken(hash: Self.hash(token), userId: userId, createdAt: now, expiresAt: expiresAt)
        return TokenResponse(token: token, expiresAt: expiresAt)
    }

    /// The stored form of a token.
    static func hash(_ token: String) -> String {
        HexDigest.text(SHA256.hash(data: Data(token.utf8)))
    }
}
