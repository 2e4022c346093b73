/// The position of each study in the session by its label: an open-addressing table with
/// linear probing, keyed by the 64-bit FNV-1a hash of the label's UTF-8 bytes.
///
/// A `[String: Int]` did the same job, but a million studies paid for Swift's seeded SipHash
/// twice per study and again for every key each time the dictionary grew (a fifth of `check`).
/// Here a label is hashed once, the hash is kept in its slot, and growing the table moves
/// integers only. Labels themselves stay in the session's studies; the table compares them
/// through the closure it is given.
struct LabelIndex: Sendable {
    /// One slot: a label's hash and its study's position (-1 for an empty slot), side by side
    /// so that a probe touches one cache line.
    private struct Slot {
        var hash: UInt64
        var position: Int
    }

    private var slots = [Slot](repeating: Slot(hash: 0, position: -1), count: 16)
    private var count = 0

    /// A label's hash, to look it up and then insert it without hashing it again.
    static func hash(_ label: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in label.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The first slot to probe: the hash's high bits folded into its low ones (FNV-1a's low
    /// bits alone cluster on labels that differ in their last characters). At most half the
    /// slots are full, so a probe ends after a couple of steps.
    private static func start(_ hash: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: ((hash ^ (hash >> 32)) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The position of the study whose label has this hash and satisfies `isLabel`.
    func position(hash: UInt64, where isLabel: (Int) -> Bool) -> Int? {
        let mask = slots.count - 1
        var index = LabelIndex.start(hash, mask)
        while slots[index].position >= 0 {
            if slots[index].hash == hash && isLabel(slots[index].position) { return slots[index].position }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Records a label not yet in the table (its hash) at `position`.
    mutating func insert(hash: UInt64, position: Int) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var index = LabelIndex.start(hash, mask)
        while slots[index].position >= 0 { index = (index + 1) & mask }
        slots[index] = Slot(hash: hash, position: position)
        count += 1
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(hash: 0, position: -1), count: old.count * 2)
        count = 0
        for slot in old where slot.position >= 0 { insert(hash: slot.hash, position: slot.position) }
    }
}
