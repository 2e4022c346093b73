/// Where each outcome's entries are in a study's list of entries, so that a study with
/// thousands of outcomes finds one in constant time (10,000 analyses of a study with 10,000
/// outcomes were quadratic). One dictionary entry per outcome, to its last entry; an outcome
/// with several entries (qualified rows) links each to the one before. Made as the entries are
/// checked and kept by the study.
struct OutcomeIndex: Sendable, Hashable {
    private var last: [String: Int] = [:]
    /// For an entry that is not its outcome's first: the position of the one before.
    private var previous: [Int: Int] = [:]

    init(capacity: Int = 0) {
        last.reserveCapacity(capacity)
    }

    /// Records the entry at `position` (positions come in increasing order).
    mutating func add(_ outcome: String, at position: Int) {
        if let before = last.updateValue(position, forKey: outcome) { previous[position] = before }
    }

    /// The positions of the outcome's entries, in order.
    func positions(of outcome: String) -> [Int] {
        guard var position = last[outcome] else { return [] }
        var positions = [position]
        while let before = earlier(than: position) {
            positions.append(before)
            position = before
        }
        return positions.reversed()
    }

    /// The position of the outcome's first entry.
    func first(of outcome: String) -> Int? {
        guard var position = last[outcome] else { return nil }
        while let before = earlier(than: position) { position = before }
        return position
    }

    private func earlier(than position: Int) -> Int? {
        previous.isEmpty ? nil : previous[position]
    }
}
