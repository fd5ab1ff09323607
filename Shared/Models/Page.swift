import Foundation

/// One page of a list, with the opaque cursor of the next page when there is one.
public struct Page<Item: Codable & Sendable>: Codable, Sendable {
    /// The items of this page, in list order.
    public var items: [Item]
    /// Pass as `?cursor=` to get the next page; `nil` on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

extension Page: Equatable where Item: Equatable {}
