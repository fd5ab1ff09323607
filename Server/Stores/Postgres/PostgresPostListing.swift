import Foundation
import PostgresNIO
import SatchelShared

/// Builds the SQL of one post list query: filters, then keyset pagination by date or, for a search,
/// ranking by `ts_rank` over the weighted `search` column with offset pagination.
struct PostgresPostListing {
    let query: PostgresPostListingInput

    init(query: PostQuery) {
        self.query = PostgresPostListingInput(query)
    }

    /// ts_rank's weights for D, C, B, A: body 0.1, tags 0.5, title 1.0 (SQLite's bm25 uses 1, 5, 10).
    static let rankWeights = "'{0.1, 0.2, 0.5, 1.0}'"

    /// The statement to run.
    func sql() -> PostgresQuery {
        var builder = PostgresQueryBuilder()
        var conditions: [String] = []
        if let drafter = query.includeDraftsOf {
            conditions.append("(p.status = 'published' OR p.author_id = \(builder.bind(drafter)))")
        } else {
            conditions.append("p.status = 'published'")
        }
        if let author = query.authorId { conditions.append("p.author_id = \(builder.bind(author))") }
        if let tag = query.tag {
            conditions.append("EXISTS (SELECT 1 FROM post_tags t WHERE t.post_id = p.id AND t.tag = \(builder.bind(tag)))")
        }
        let head = "SELECT \(PostgresStore.postColumns) \(PostgresStore.postSource)"
        if let match = query.tsQuery {
            let tsQuery = "to_tsquery('english', \(builder.bind(match)))"
            conditions.append("p.search @@ \(tsQuery)")
            builder.sql = """
                \(head) WHERE \(conditions.joined(separator: " AND "))
                ORDER BY ts_rank(\(Self.rankWeights), p.search, \(tsQuery)) DESC, p.sort_at DESC, p.id DESC
                LIMIT \(builder.bind(query.limit + 1)) OFFSET \(builder.bind(query.offset))
                """
            return builder.query
        }
        if case .after(let sortMillis, let id) = query.position {
            conditions.append(
                "(p.sort_at, p.id) < (\(builder.bind(sortMillis)), \(builder.bind(id)))")
        }
        builder.sql = """
            \(head) WHERE \(conditions.joined(separator: " AND "))
            ORDER BY p.sort_at DESC, p.id DESC LIMIT \(builder.bind(query.limit + 1))
            """
        return builder.query
    }

    /// The page made of the rows fetched (one more than the limit, when there is a next page).
    func page(from posts: [Post]) -> PostPage {
        let shown = Array(posts.prefix(query.limit))
        guard posts.count > query.limit else { return PostPage(posts: shown, next: nil) }
        if query.tsQuery != nil { return PostPage(posts: shown, next: .offset(query.offset + query.limit)) }
        return PostPage(
            posts: shown,
            next: shown.last.map { .after(sortMillis: ($0.publishedAt ?? $0.createdAt).millis, id: $0.id) })
    }

    /// Turns free text into a tsquery: every word must match, the last one as a prefix. Only letters and
    /// digits survive and each word is quoted, so tsquery syntax in user input is never interpreted.
    static func tsQuery(for text: String) -> String? {
        let words = PostQuery.searchWords(in: text)
        guard !words.isEmpty else { return nil }
        var terms = words.map { "'\($0)'" }
        terms[terms.count - 1] += ":*"
        return terms.joined(separator: " & ")
    }
}

/// The parts of a ``PostQuery`` the listing uses, with the search text already turned into a tsquery.
struct PostgresPostListingInput {
    var authorId: UUID?
    var tag: String?
    var includeDraftsOf: UUID?
    var limit: Int
    var position: PostListPosition
    var tsQuery: String?

    init(_ query: PostQuery) {
        authorId = query.authorId
        tag = query.tag
        includeDraftsOf = query.includeDraftsOf
        limit = query.limit
        position = query.position
        tsQuery = query.search.flatMap(PostgresPostListing.tsQuery(for:))
    }

    /// How many ranked results to skip.
    var offset: Int {
        if case .offset(let skip) = position { return skip }
        return 0
    }
}

/// SQL text with numbered parameters, for statements whose shape depends on the request.
struct PostgresQueryBuilder {
    var sql = ""
    var bindings = PostgresBindings()

    /// Appends `value` to the parameters and returns its placeholder (`$1`, `$2`, …).
    mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    /// The finished statement.
    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
