/// The position of each study in the session by its label: an open-addressing table with
/// linear probing, keyed by the 64-bit FNV-1a hash of the label's UTF-8 bytes.
///
/// A `[String: Int]` did the same job, but a million studies paid for Swift's seeded SipHash
/// twice per study and again for every key each time the dictionary grew (a fifth of `check`).
/// Here a label is hashed once, 32 bits of the hash are kept in its slot, and growing the table moves
/// integers only. Labels themselves stay in the session's studies; the table compares them
/// through the closure it is given.
struct LabelIndex: Sendable {
    /// One slot: 32 bits of a label's hash and its study's position (-1 for an empty slot), in
    /// eight bytes, so that a million studies' table (2²¹ slots) is 16 MB: a probe is a random
    /// read, and the smaller the table the fewer of them miss the caches.
    private struct Slot {
        var tag: UInt32
        var position: Int32
    }

    private var slots: [Slot]
    private var count = 0

    /// A table with room for `capacity` labels before it grows (16 slots at least).
    init(capacity: Int = 0) {
        var size = 16
        while capacity * 4 > size * 3 { size *= 2 }
        slots = [Slot](repeating: Slot(tag: 0, position: -1), count: size)
    }

    /// A label's hash, to look it up and then insert it without hashing it again. The bytes
    /// are read in place (walking `utf8` one byte at a time cost three times as much).
    static func hash(_ label: String) -> UInt64 {
        func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            return hash
        }
        return label.utf8.withContiguousStorageIfAvailable { fnv1a($0) } ?? fnv1a(label.utf8)
    }

    /// The 32 bits of a hash a slot keeps: its high half folded into its low one (FNV-1a's low
    /// bits alone cluster on labels that differ in their last characters).
    private static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash ^ (hash >> 32)) }

    /// The first slot to probe for a tag (the high bits of a multiplicative hash of it). At
    /// most three quarters of the slots are full, so a probe ends after a few steps.
    private static func start(_ tag: UInt32, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(tag) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The position of the study whose label has this hash and satisfies `isLabel` (which
    /// settles the rare labels whose tags agree).
    func position(hash: UInt64, where isLabel: (Int) -> Bool) -> Int? {
        let tag = LabelIndex.tag(hash), mask = slots.count - 1
        var index = LabelIndex.start(tag, mask)
        while slots[index].position >= 0 {
            if slots[index].tag == tag && isLabel(Int(slots[index].position)) { return Int(slots[index].position) }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Moves the label with this hash that satisfies `isLabel` to `position` and returns where
    /// it was; a label not in the table is recorded at `position` (nil returned).
    mutating func update(hash: UInt64, position: Int, where isLabel: (Int) -> Bool) -> Int? {
        let tag = LabelIndex.tag(hash), mask = slots.count - 1
        var index = LabelIndex.start(tag, mask)
        while slots[index].position >= 0 {
            if slots[index].tag == tag && isLabel(Int(slots[index].position)) {
                defer { slots[index].position = Int32(position) }
                return Int(slots[index].position)
            }
            index = (index + 1) & mask
        }
        insert(tag: tag, position: Int32(position))
        return nil
    }

    /// Records a label not yet in the table (its hash) at `position`.
    mutating func insert(hash: UInt64, position: Int) {
        insert(tag: LabelIndex.tag(hash), position: Int32(position))
    }

    private mutating func insert(tag: UInt32, position: Int32) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var index = LabelIndex.start(tag, mask)
        while slots[index].position >= 0 { index = (index + 1) & mask }
        slots[index] = Slot(tag: tag, position: position)
        count += 1
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(tag: 0, position: -1), count: old.count * 2)
        count = 0
        for slot in old where slot.position >= 0 { insert(tag: slot.tag, position: slot.position) }
    }
}
