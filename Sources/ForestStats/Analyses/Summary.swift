/// Pieces every analysis assembles its result from: tests, intervals, heterogeneity, rows.
enum Summary {
    /// The normal-theory test and interval of θ̂ with standard error `se`: z = θ̂/se,
    /// P = 2(1 − Φ(|z|)), θ̂ ± z₁₋α/₂·se.
    static func normalTest(estimate: Double, se: Double, options: PoolOptions) -> (TestStatistic, Double, Interval) {
        let z = estimate / se
        let half = options.normalCritical * se
        return (.z(z), Normal.twoSidedP(z), Interval(lower: estimate - half, upper: estimate + half))
    }

    /// A study's own interval yᵢ ± z₁₋α/₂·√vᵢ.
    static func studyInterval(_ effect: StudyEffect?, options: PoolOptions) -> Interval? {
        guard let effect else { return nil }
        let half = options.normalCritical * effect.v.squareRoot()
        return Interval(lower: effect.y - half, upper: effect.y + half)
    }

    /// Rows of the result: each study's effect and interval, and its weight as a percentage.
    static func rows(effects: [StudyEffect?], weights: [Double], options: PoolOptions) -> [StudyRow] {
        let total = weights.reduce(0, +)
        return zip(effects, weights).map { effect, w in
            StudyRow(
                effect: effect, interval: studyInterval(effect, options: options),
                weightPercent: total > 0 ? w / total * 100 : 0)
        }
    }

    /// Q, its P value, I² = max(0, (Q − df)/Q)·100 and H² = Q/df (Higgins & Thompson 2002),
    /// with each convention's treatment of a single study: RevMan reports P and I² as not
    /// applicable; metafor reports Q = 0, P = 1, I² = 0, H² = 1.
    static func heterogeneity(q: Double?, k: Int, convention: Convention) -> Heterogeneity {
        let df = max(k - 1, 0)
        guard df > 0 else {
            switch convention {
            case .revman: return Heterogeneity(q: 0, df: 0, pValue: nil, i2: nil, h2: nil)
            case .metafor: return Heterogeneity(q: 0, df: 0, pValue: 1, i2: 0, h2: 1)
            }
        }
        guard let q else { return Heterogeneity(q: nil, df: df, pValue: nil, i2: nil, h2: nil) }
        return Heterogeneity(
            q: q, df: df, pValue: ChiSquared.survival(q, df: Double(df)), i2: Heterogeneity.i2(q: q, df: df),
            h2: q / Double(df))
    }

    /// Notes on studies that were not estimable or were continuity-corrected.
    static func dataNotes(effects: [StudyEffect?], tables: [Table2x2]?) -> [PoolNote] {
        var notes: [PoolNote] = []
        let missing = effects.filter { $0 == nil }.count
        if missing > 0 { notes.append(.notEstimable(count: missing)) }
        if let tables {
            let corrected = zip(tables, effects).filter { $0.0.hasZeroCell && $0.1 != nil }.count
            if corrected > 0 { notes.append(.continuityCorrected(count: corrected)) }
        }
        return notes
    }
}
