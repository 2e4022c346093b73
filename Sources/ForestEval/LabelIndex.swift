/// The position of each study in the session by its label: an open-addressing table with
/// linear probing, keyed by the 64-bit FNV-1a hash of the label's UTF-8 bytes.
///
/// A `[String: Int]` did the same job, but a million studies paid for Swift's seeded SipHash
/// twice per study and again for every key each time the dictionary grew (a fifth of `check`).
/// Here a label is hashed once, the hash is kept in its slot, and growing the table moves
/// integers only. Labels themselves stay in the session's studies; the table compares them
/// through the closure it is given.
struct LabelIndex: Sendable {
    /// Position of the study in each slot, or -1 for an empty slot.
    private var positions: [Int] = Array(repeating: -1, count: 16)
    /// The label hash of each occupied slot.
    private var hashes: [UInt64] = Array(repeating: 0, count: 16)
    private var count = 0

    /// A label's hash, to look it up and then insert it without hashing it again.
    static func hash(_ label: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in label.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The position of the study whose label has this hash and satisfies `isLabel`.
    func position(hash: UInt64, where isLabel: (Int) -> Bool) -> Int? {
        let mask = positions.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while positions[slot] >= 0 {
            if hashes[slot] == hash && isLabel(positions[slot]) { return positions[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Records a label not yet in the table (its hash) at `position`.
    mutating func insert(hash: UInt64, position: Int) {
        if (count + 1) * 4 > positions.count * 3 { grow() }
        let mask = positions.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while positions[slot] >= 0 { slot = (slot + 1) & mask }
        positions[slot] = position
        hashes[slot] = hash
        count += 1
    }

    private mutating func grow() {
        let (oldPositions, oldHashes) = (positions, hashes)
        positions = Array(repeating: -1, count: oldPositions.count * 2)
        hashes = Array(repeating: 0, count: oldPositions.count * 2)
        count = 0
        for (slot, position) in oldPositions.enumerated() where position >= 0 {
            insert(hash: oldHashes[slot], position: position)
        }
    }
}
