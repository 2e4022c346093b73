import CMath

/// Mantel–Haenszel pooling of 2×2 tables (Mantel & Haenszel 1959; Greenland & Robins 1985).
///
/// Every M-H quantity is a sum over tables, so the accumulators are additive: the pooled effect
/// of any set of tables is a function of the sum of their contributions. That is what lets
/// leave-one-out and cumulative analyses run in O(k) instead of refitting k times.
/// The tables are used as given: RevMan 5 passes zero-cell tables with 0.5 added to every
/// cell, metafor's `rma.mh` passes the raw counts.
public struct MantelHaenszel: Sendable, Hashable {
    // Odds ratio: R = Σ aᵢdᵢ/Nᵢ, S = Σ bᵢcᵢ/Nᵢ and the Robins–Breslow–Greenland sums.
    var orR = 0.0, orS = 0.0, orPR = 0.0, orPSQR = 0.0, orQS = 0.0
    // Risk ratio: R = Σ aᵢn₂ᵢ/Nᵢ, S = Σ cᵢn₁ᵢ/Nᵢ and the Greenland–Robins variance numerator.
    var rrR = 0.0, rrS = 0.0, rrVariance = 0.0
    // Risk difference: Σwᵢ, Σwᵢ·RDᵢ (wᵢ = n₁ᵢn₂ᵢ/Nᵢ) and the two variance estimators' sums.
    var rdW = 0.0, rdWD = 0.0, rdGreenlandRobins = 0.0, rdSatoP = 0.0, rdSatoQ = 0.0

    public init() {}

    /// One table's contribution. `point` supplies the counts of its risk difference (RevMan uses
    /// the raw counts there and the corrected ones for weights and variance); by default `table`.
    public init(_ t: Table2x2, point: Table2x2? = nil) {
        let n = t.total
        let p = (t.a + t.d) / n, q = (t.b + t.c) / n
        let ri = (t.a / n) * t.d, si = (t.b / n) * t.c
        orR = ri
        orS = si
        orPR = p * ri
        orPSQR = p * si + q * ri
        orQS = q * si
        let f1 = t.n1 / n, f2 = t.n2 / n
        rrR = t.a * f2
        rrS = t.c * f1
        rrVariance = f1 * f2 * (t.a + t.c) - (t.a / n) * t.c
        let w = t.n1 * f2
        let raw = point ?? t
        rdW = w
        rdWD = w * (raw.a / raw.n1 - raw.c / raw.n2)
        rdGreenlandRobins = (t.a * t.b * t.n2 * t.n2 * t.n2 + t.c * t.d * t.n1 * t.n1 * t.n1) / (t.n1 * t.n2 * n * n)
        rdSatoP = t.c * f1 * f1 - t.a * f2 * f2 + f1 * f2 * (t.n2 - t.n1) / 2
        rdSatoQ = t.a * (t.n2 - t.c) / n + t.c * (t.n1 - t.a) / n
    }

    public static func + (x: MantelHaenszel, y: MantelHaenszel) -> MantelHaenszel {
        var s = x
        s.orR += y.orR; s.orS += y.orS; s.orPR += y.orPR; s.orPSQR += y.orPSQR; s.orQS += y.orQS
        s.rrR += y.rrR; s.rrS += y.rrS; s.rrVariance += y.rrVariance
        s.rdW += y.rdW; s.rdWD += y.rdWD; s.rdGreenlandRobins += y.rdGreenlandRobins
        s.rdSatoP += y.rdSatoP; s.rdSatoQ += y.rdSatoQ
        return s
    }

    /// ln OR_MH = ln(R/S) with the Robins–Breslow–Greenland (1986) variance
    /// ½·[ΣPᵢRᵢ/R² + Σ(PᵢSᵢ + QᵢRᵢ)/(R·S) + ΣQᵢSᵢ/S²], Pᵢ = (aᵢ + dᵢ)/Nᵢ, Qᵢ = (bᵢ + cᵢ)/Nᵢ.
    /// nil when R or S is 0.
    public var logOddsRatio: StudyEffect? {
        guard orR > 0, orS > 0 else { return nil }
        let variance = 0.5 * (orPR / (orR * orR) + orPSQR / (orR * orS) + orQS / (orS * orS))
        return StudyEffect(y: log(orR / orS), v: variance)
    }

    /// ln RR_MH = ln(Σaᵢn₂ᵢ/Nᵢ / Σcᵢn₁ᵢ/Nᵢ) with the Greenland–Robins (1985) variance
    /// Σ(n₁ᵢn₂ᵢ(aᵢ + cᵢ)/Nᵢ² − aᵢcᵢ/Nᵢ) / (R·S). nil when R or S is 0.
    public var logRiskRatio: StudyEffect? {
        guard rrR > 0, rrS > 0 else { return nil }
        return StudyEffect(y: log(rrR / rrS), v: rrVariance / (rrR * rrS))
    }

    /// The two variance estimators of the M-H risk difference.
    public enum RiskDifferenceVariance: Sendable {
        /// Greenland & Robins (1985), as in RevMan 5: Σ(aᵢbᵢn₂ᵢ³ + cᵢdᵢn₁ᵢ³)/(n₁ᵢn₂ᵢNᵢ²) / (Σwᵢ)².
        case greenlandRobins
        /// Sato, Greenland & Robins (1989), as in metafor's `rma.mh`:
        /// [RD·Σ(cᵢf₁ᵢ² − aᵢf₂ᵢ² + f₁ᵢf₂ᵢ(n₂ᵢ − n₁ᵢ)/2) + Σ(aᵢ(n₂ᵢ − cᵢ) + cᵢ(n₁ᵢ − aᵢ))/(2Nᵢ)] / (Σwᵢ)²,
        /// f₁ᵢ = n₁ᵢ/Nᵢ, f₂ᵢ = n₂ᵢ/Nᵢ.
        case sato
    }

    /// RD_MH = Σwᵢ·RDᵢ/Σwᵢ, wᵢ = n₁ᵢn₂ᵢ/Nᵢ. nil without tables.
    public func riskDifference(_ variance: RiskDifferenceVariance) -> StudyEffect? {
        guard rdW > 0 else { return nil }
        let estimate = rdWD / rdW
        switch variance {
        case .greenlandRobins:
            return StudyEffect(y: estimate, v: rdGreenlandRobins / (rdW * rdW))
        case .sato:
            return StudyEffect(y: estimate, v: (estimate * rdSatoP + rdSatoQ / 2) / (rdW * rdW))
        }
    }

    /// The pooled effect for a measure.
    public func effect(_ measure: EffectMeasure, variance: RiskDifferenceVariance) -> StudyEffect? {
        switch measure {
        case .OR: logOddsRatio
        case .RR: logRiskRatio
        case .RD: riskDifference(variance)
        default: nil
        }
    }

    /// Each table's M-H weight: bᵢcᵢ/Nᵢ (OR), cᵢn₁ᵢ/Nᵢ (RR) or n₁ᵢn₂ᵢ/Nᵢ (RD).
    public static func weight(_ t: Table2x2, measure: EffectMeasure) -> Double {
        let n = t.total
        switch measure {
        case .OR: return (t.b / n) * t.c
        case .RR: return (t.c / n) * t.n1
        case .RD: return (t.n1 / n) * t.n2
        default: return 0
        }
    }
}
