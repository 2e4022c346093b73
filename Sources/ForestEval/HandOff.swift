import Foundation

/// Items passed from one thread to another, in order and in batches: the giving thread waits
/// while `limit` of weight or `countLimit` items already wait (a batch heavier than that waits
/// alone), and the taking thread takes everything waiting at once. The report's thread takes
/// analyses from it (weighed by their studies), and the session takes statements parsed ahead
/// (weighed by their outcome entries).
///
/// `@unchecked Sendable`: `items`, `weight` and `closed` are read and written only with
/// `condition` locked.
public final class HandOff<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var weight = 0
    private var closed = false
    private let limit: Int
    private let countLimit: Int

    public init(limit: Int, countLimit: Int = .max) {
        self.limit = limit
        self.countLimit = countLimit
    }

    /// Adds `batch` after the items waiting, first waiting for room.
    public func give(_ batch: [Item], weight batchWeight: Int) {
        guard !batch.isEmpty else { return }
        condition.lock()
        while !items.isEmpty && (items.count + batch.count > countLimit || weight + batchWeight > limit) {
            condition.wait()
        }
        // Taken whole when nothing waits (the taker took all): the batch's array itself, its
        // items not copied one by one.
        if items.isEmpty { items = batch } else { items += batch }
        weight += batchWeight
        condition.broadcast()
        condition.unlock()
    }

    /// Everything waiting, as soon as something is; nil once `close` was called and all was
    /// taken. What the giving thread did before `close` is seen by the thread given nil.
    public func take() -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        guard !items.isEmpty else { return nil }
        let batch = items
        items.removeAll(keepingCapacity: true)
        weight = 0
        condition.broadcast()
        return batch
    }

    /// Everything waiting, without waiting for anything (empty when nothing is).
    public func takeWaiting() -> [Item] {
        condition.lock()
        defer { condition.unlock() }
        let batch = items
        items.removeAll(keepingCapacity: true)
        weight = 0
        if !batch.isEmpty { condition.broadcast() }
        return batch
    }

    /// Nothing more will be given.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
