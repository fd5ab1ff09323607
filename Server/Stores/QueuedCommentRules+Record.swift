import Foundation
import SatchelShared
import SatchelSync

/// A queued comment's synced record after a moderator's decision, as the stores write it.
extension QueuedCommentRules {
    /// The JSON a queued comment's synced record must hold after a moderator's decision, or `nil` when
    /// `stored` (the record's JSON now) already holds it and no new version is due.
    static func refreshedRecord(of comment: Comment, stored: String) -> String? {
        let fields = SyncRecordCoding.text(SyncApplier.fields(of: comment))
        return fields == stored ? nil : fields
    }
}
