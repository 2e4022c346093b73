import Synchronization

/// The last Q-profile computed, with what it was computed from. A DerSimonian–Laird and a REML
/// `pool` of the same studies ask for the same profile: it depends on τ̂² only through the
/// search's first limit, max(upperBound, 10·τ̂²), the same for both unless a τ̂² exceeds a
/// tenth of upperBound — and a profile is 32 or more passes over the studies, a fifth of the
/// run's work for a million studies. The intervals are given back as they were computed (the
/// same bits), and only for studies equal bit for bit, at the same level, control and limit;
/// the memo holds one profile and the studies it was made of.
struct ProfileMemo: ~Copyable {
    struct Entry: Sendable {
        var effects: [StudyEffect]
        var level: Double
        var control: TauSquaredControl
        var limit: Double
        var intervals: HeterogeneityIntervals?
    }

    private let last = Mutex<Entry?>(nil)

    /// The remembered intervals for these inputs, else `compute()`'s, remembered.
    func intervals(
        _ effects: [StudyEffect], level: Double, control: TauSquaredControl, limit: Double,
        compute: () -> HeterogeneityIntervals?
    ) -> HeterogeneityIntervals? {
        // Compared outside the lock: the entry's arrays are shared, not copied.
        if let entry = last.withLock({ $0 }), entry.level == level, entry.control == control,
            entry.limit == limit, Self.same(entry.effects, effects)
        {
            return entry.intervals
        }
        let intervals = compute()
        let entry = Entry(effects: effects, level: level, control: control, limit: limit, intervals: intervals)
        last.withLock { $0 = entry }
        return intervals
    }

    private static func same(_ a: [StudyEffect], _ b: [StudyEffect]) -> Bool {
        guard a.count == b.count else { return false }
        for i in a.indices where a[i].y.bitPattern != b[i].y.bitPattern || a[i].v.bitPattern != b[i].v.bitPattern {
            return false
        }
        return true
    }
}
