/// A map with a budget: each value has a cost, and storing past the budget drops the least recently
/// used values first. Lookups and stores are O(1) (a dictionary into a doubly linked list kept in an array).
/// Not thread-safe on its own; ``ResponseCache`` and ``TokenCache`` keep one behind a lock.
struct LeastRecentlyUsed<Key: Hashable, Value> {
    private struct Node {
        var key: Key
        var value: Value
        var cost: Int
        var older: Int?
        var newer: Int?
    }

    /// The most the values may cost together.
    let budget: Int
    /// What the values cost together now.
    private(set) var totalCost = 0
    private var nodes: [Node?] = []
    private var free: [Int] = []
    private var index: [Key: Int] = [:]
    private var newest: Int?
    private var oldest: Int?

    /// An empty map that keeps values costing at most `budget` together.
    init(budget: Int) {
        self.budget = budget
    }

    /// How many values are kept.
    var count: Int { index.count }

    /// The value for `key`, which becomes the most recently used.
    mutating func value(for key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        moveToNewest(slot)
        return nodes[slot]?.value
    }

    /// Stores `value` for `key` at `cost`, replacing any value there, then drops the least recently used
    /// values until the total fits the budget. A value costing more than the whole budget is not kept.
    mutating func set(_ value: Value, cost: Int, for key: Key) {
        remove(key)
        guard cost <= budget else { return }
        let node = Node(key: key, value: value, cost: cost, older: newest, newer: nil)
        let slot: Int
        if let reused = free.popLast() {
            nodes[reused] = node
            slot = reused
        } else {
            nodes.append(node)
            slot = nodes.count - 1
        }
        if let newest { nodes[newest]?.newer = slot }
        newest = slot
        if oldest == nil { oldest = slot }
        index[key] = slot
        totalCost += cost
        while totalCost > budget, let oldest { removeSlot(oldest) }
    }

    /// Forgets the value for `key`, if any.
    mutating func remove(_ key: Key) {
        if let slot = index[key] { removeSlot(slot) }
    }

    /// Forgets every value.
    mutating func removeAll() {
        self = LeastRecentlyUsed(budget: budget)
    }

    /// The keys from most to least recently used (for tests).
    var keysByRecency: [Key] {
        var keys: [Key] = []
        var cursor = newest
        while let slot = cursor, let node = nodes[slot] {
            keys.append(node.key)
            cursor = node.older
        }
        return keys
    }

    private mutating func unlink(_ slot: Int) {
        guard let node = nodes[slot] else { return }
        if let older = node.older { nodes[older]?.newer = node.newer } else { oldest = node.newer }
        if let newer = node.newer { nodes[newer]?.older = node.older } else { newest = node.older }
        nodes[slot]?.older = nil
        nodes[slot]?.newer = nil
    }

    private mutating func moveToNewest(_ slot: Int) {
        guard newest != slot else { return }
        unlink(slot)
        nodes[slot]?.older = newest
        if let newest { nodes[newest]?.newer = slot }
        newest = slot
        if oldest == nil { oldest = slot }
    }

    private mutating func removeSlot(_ slot: Int) {
        guard let node = nodes[slot] else { return }
        unlink(slot)
        nodes[slot] = nil
        free.append(slot)
        index[node.key] = nil
        totalCost -= node.cost
    }
}
