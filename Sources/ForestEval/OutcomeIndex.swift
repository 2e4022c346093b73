/// Where each outcome's entries are in a study's list of entries, so that a study with
/// thousands of outcomes finds one in constant time (10,000 analyses of a study with 10,000
/// outcomes were quadratic). A `LabelIndex` from each outcome's name to its last entry; each
/// entry linked to its outcome's entry before it (qualified rows). Made as the entries are
/// checked and kept by the study. The entries' names are kept here too, so that a look-up
/// compares strings without copying an entry out of the study's list.
struct OutcomeIndex: Sendable {
    private var last: LabelIndex
    private var names: [String] = []
    /// For each entry, the position of its outcome's entry before it (-1 for the first).
    private var previous: [Int32] = []

    init(capacity: Int = 0) {
        last = LabelIndex(capacity: capacity)
        names.reserveCapacity(capacity)
        previous.reserveCapacity(capacity)
    }

    /// Records the study's next entry (the first is at position 0), an entry of `outcome`.
    mutating func add(_ outcome: String, hash: UInt64) {
        let before = last.update(hash: hash, position: names.count) { names[$0] == outcome }
        names.append(outcome)
        previous.append(Int32(before ?? -1))
    }

    /// The positions of the outcome's entries, in order.
    func positions(of outcome: String, hash: UInt64) -> [Int] {
        guard var position = last.position(hash: hash, where: { names[$0] == outcome }) else { return [] }
        var positions = [position]
        while previous[position] >= 0 {
            position = Int(previous[position])
            positions.append(position)
        }
        return positions.reversed()
    }

    /// The position of the outcome's first entry.
    func first(of outcome: String) -> Int? {
        guard var position = last.position(hash: LabelIndex.hash(outcome), where: { names[$0] == outcome }) else {
            return nil
        }
        while previous[position] >= 0 { position = Int(previous[position]) }
        return position
    }
}
