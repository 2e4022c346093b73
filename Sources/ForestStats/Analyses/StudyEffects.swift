/// Each study's own effect and variance, as the chosen convention computes it.
enum StudyEffects {
    /// Every effect must be a finite number with a finite, positive variance to be weighted.
    static func check(_ effects: [StudyEffect?]) throws(PoolError) {
        for (index, effect) in effects.enumerated() {
            guard let effect else { continue }
            guard effect.y.isFinite, effect.v.isFinite, effect.v > 0 else { throw .degenerateStudy(index: index) }
        }
    }

    /// The effects the analysis with `options` pools and shows.
    static func pooled(_ data: OutcomeData, options: PoolOptions) -> [StudyEffect?] {
        switch (data, options.weighting) {
        case (.binary(let rows), .mantelHaenszel), (.binary(let rows), .peto):
            forTables(rows, options: options)
        default:
            forInverseVariance(data, options: options)
        }
    }

    /// The effects an inverse-variance analysis pools (nil: not estimable, left out).
    static func forInverseVariance(_ data: OutcomeData, options: PoolOptions) -> [StudyEffect?] {
        options.measure.effects(data, convention: options.convention)
    }

    /// The effects shown beside a Mantel–Haenszel or Peto analysis and used for its Q.
    static func forTables(_ rows: [BinaryCounts], options: PoolOptions) -> [StudyEffect?] {
        let rule: BinaryEffects.ZeroCellRule =
            options.convention == .revman ? .revman : .metaforDropDoubleZero
        if options.method == .Peto {
            return rows.map { counts in
                switch options.convention {
                case .revman: return BinaryEffects.petoLogOddsRatio(counts.table)
                case .metafor:
                    let table = counts.table
                    return table.isDoubleZero ? nil : BinaryEffects.petoLogOddsRatio(table.correctedIfZero())
                }
            }
        }
        return rows.map { BinaryEffects.effect($0, measure: options.measure, rule: rule) }
    }
}

extension Array {
    /// The elements that are there, in order: `compactMap { $0 }` made at its full size at
    /// once (compactMap grows its array by doubling: five allocations for ten studies, once per
    /// pool and again per fit — 5 % of the work of 10,000 small analyses).
    func present<Wrapped>() -> [Wrapped] where Element == Wrapped? {
        var present: [Wrapped] = []
        present.reserveCapacity(count)
        for case .some(let element) in self { present.append(element) }
        return present
    }
}
