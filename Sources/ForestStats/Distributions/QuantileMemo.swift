import Synchronization

/// Quantiles already computed, by distribution, probability and degrees of freedom. A quantile
/// is a pure function of these, found by a root search of some hundred evaluations of an
/// incomplete gamma or beta function; a run of many analyses asks for the same few (the
/// Q-profile's χ² quantiles for k − 1 degrees of freedom, the t quantile of Knapp–Hartung) over
/// and over. The memo gives back the very bits the search returned, so nothing a caller sees
/// depends on whether it was used. It holds at most `capacity` entries and starts afresh
/// when full.
struct QuantileMemo: ~Copyable {
    struct Key: Hashable {
        var p: UInt64
        var df: UInt64
    }

    private let table = Mutex<[Key: Double]>([:])
    private let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// The remembered value for (p, df), else `compute()`'s, remembered.
    func value(_ p: Double, df: Double, compute: () -> Double) -> Double {
        let key = Key(p: p.bitPattern, df: df.bitPattern)
        if let known = table.withLock({ $0[key] }) { return known }
        let value = compute()
        table.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[key] = value
        }
        return value
    }
}
