import Foundation
import Crypto
import SatchelShared

extension BlobDigest {
    /// The digest of `bytes`.
    static func of(_ bytes: some DataProtocol) -> BlobDigest {
        BlobDigest(sha256: SHA256.hash(data: bytes))
    }

    /// The digest a finished SHA-256 hasher stands for.
    static func of(_ hasher: SHA256) -> BlobDigest {
        BlobDigest(sha256: hasher.finalize())
    }
}

/// A SHA-256 fed chunk by chunk from a store's read callback.
final class HashingSink {
    private var hasher = SHA256()

    /// Adds `bytes`.
    func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }

    /// The digest of everything added.
    func digest() -> BlobDigest { BlobDigest.of(hasher) }
}
