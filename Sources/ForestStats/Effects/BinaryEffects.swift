import CMath

/// Study-level effect sizes of a 2×2 table (Deeks & Higgins 2010; metafor's `escalc`).
public enum BinaryEffects {
    /// How zero cells and double-zero tables are handled when a study's own effect is computed.
    public enum ZeroCellRule: Sendable {
        /// RevMan 5: 0.5 is added to all cells of a table with a zero cell; OR and RR of a
        /// double-zero table are not estimable; the RD estimate uses the raw counts and only its
        /// variance the corrected ones.
        case revman
        /// metafor `escalc(add = 1/2, to = "only0", drop00 = TRUE)`, as inside `rma.mh`/`rma.peto`.
        case metaforDropDoubleZero
        /// metafor `escalc(add = 1/2, to = "only0", drop00 = FALSE)`, as inside `rma.uni`:
        /// double-zero tables are kept, corrected, for every measure (RD included).
        case metaforKeepDoubleZero
    }

    /// Log odds ratio ln(ad/bc) with Woolf's variance 1/a + 1/b + 1/c + 1/d.
    public static func logOddsRatio(_ t: Table2x2) -> StudyEffect {
        StudyEffect(y: log(t.a * t.d / (t.b * t.c)), v: 1 / t.a + 1 / t.b + 1 / t.c + 1 / t.d)
    }

    /// Log risk ratio ln((a/n₁)/(c/n₂)) with variance 1/a − 1/n₁ + 1/c − 1/n₂ (Katz et al. 1978).
    public static func logRiskRatio(_ t: Table2x2) -> StudyEffect {
        StudyEffect(
            y: log(t.a / t.n1) - log(t.c / t.n2),
            v: 1 / t.a - 1 / t.n1 + 1 / t.c - 1 / t.n2)
    }

    /// Risk difference a/n₁ − c/n₂ with variance ab/n₁³ + cd/n₂³.
    public static func riskDifference(_ t: Table2x2) -> StudyEffect {
        StudyEffect(
            y: t.a / t.n1 - t.c / t.n2,
            v: t.a * t.b / (t.n1 * t.n1 * t.n1) + t.c * t.d / (t.n2 * t.n2 * t.n2))
    }

    /// Peto's log odds ratio (O − E)/V with variance 1/V (Yusuf et al. 1985), where
    /// O − E = a − n₁(a + c)/N and V = n₁n₂(a + c)(b + d)/(N²(N − 1)); nil when V = 0.
    public static func petoLogOddsRatio(_ t: Table2x2) -> StudyEffect? {
        let parts = Peto.observedMinusExpected(t)
        guard parts.variance > 0 else { return nil }
        return StudyEffect(y: parts.oMinusE / parts.variance, v: 1 / parts.variance)
    }

    /// The study's effect for `measure` under `rule`, or nil when it is not estimable.
    public static func effect(_ counts: BinaryCounts, measure: EffectMeasure, rule: ZeroCellRule) -> StudyEffect? {
        let raw = counts.table
        let corrected = raw.correctedIfZero()
        switch rule {
        case .revman:
            if measure == .RD {
                let point = riskDifference(raw).y
                return StudyEffect(y: point, v: riskDifference(corrected).v)
            }
            if raw.isDoubleZero { return nil }
        case .metaforDropDoubleZero:
            if raw.isDoubleZero { return nil }
        case .metaforKeepDoubleZero:
            break
        }
        switch measure {
        case .OR: return logOddsRatio(corrected)
        case .RR: return logRiskRatio(corrected)
        case .RD: return riskDifference(corrected)
        default: return nil
        }
    }
}
