import Foundation
import SatchelHTTP
import SatchelStores

/// The post list's cursors, shared by `GET /v1/posts` and the blog's pages: a date-ordered list continues
/// after a post (`s`, `i`); a search continues at an offset (`o`).
enum PostListCursor {
    /// The cursor of the page that starts at `position`.
    static func cursor(for position: PostListPosition) -> String {
        switch position {
        case .start: Pagination.encode([:])
        case .after(let sortMillis, let id): Pagination.encode(["s": String(sortMillis), "i": id.uuidString])
        case .offset(let offset): Pagination.encode(["o": String(offset)])
        }
    }

    /// The position a decoded cursor stands for; a 400 for a cursor of another list (a search's offset
    /// in a date-ordered list, or the reverse).
    static func position(from cursor: [String: String]?, searching: Bool) throws -> PostListPosition {
        guard let cursor, !cursor.isEmpty else { return .start }
        if searching, let offset = cursor["o"].flatMap(Int.init), offset >= 0 { return .offset(offset) }
        if !searching, let millis = cursor["s"].flatMap(Int64.init), let id = cursor["i"].flatMap(UUID.init(uuidString:)) {
            return .after(sortMillis: millis, id: id)
        }
        throw APIError.badParameter("cursor", "does not belong to this list; start again without it.")
    }
}
