import Foundation

/// Mantel–Haenszel pooling of 2×2 tables (Mantel & Haenszel 1959; Greenland & Robins 1985).
///
/// The tables passed in are used as they are: RevMan 5 passes zero-cell tables with 0.5 added
/// to every cell, metafor's `rma.mh` passes the raw counts. Each function returns nil when the
/// pooled effect is undefined (a zero numerator or denominator).
public enum MantelHaenszel {
    /// ln OR_MH = ln(Σ aᵢdᵢ/Nᵢ / Σ bᵢcᵢ/Nᵢ) with the Robins–Breslow–Greenland (1986) variance
    /// ½·[ΣPᵢRᵢ/R² + Σ(PᵢSᵢ + QᵢRᵢ)/(R·S) + ΣQᵢSᵢ/S²], Pᵢ = (aᵢ + dᵢ)/Nᵢ, Qᵢ = (bᵢ + cᵢ)/Nᵢ,
    /// Rᵢ = aᵢdᵢ/Nᵢ, Sᵢ = bᵢcᵢ/Nᵢ.
    public static func logOddsRatio(_ tables: [Table2x2]) -> StudyEffect? {
        var r = 0.0, s = 0.0, pr = 0.0, psqr = 0.0, qs = 0.0
        for t in tables {
            let n = t.total
            let p = (t.a + t.d) / n, q = (t.b + t.c) / n
            let ri = (t.a / n) * t.d, si = (t.b / n) * t.c
            r += ri
            s += si
            pr += p * ri
            psqr += p * si + q * ri
            qs += q * si
        }
        guard r > 0, s > 0 else { return nil }
        let variance = 0.5 * (pr / (r * r) + psqr / (r * s) + qs / (s * s))
        return StudyEffect(y: log(r / s), v: variance)
    }

    /// ln RR_MH = ln(Σ aᵢn₂ᵢ/Nᵢ / Σ cᵢn₁ᵢ/Nᵢ) with the Greenland–Robins (1985) variance
    /// Σ(n₁ᵢn₂ᵢ(aᵢ + cᵢ)/Nᵢ² − aᵢcᵢ/Nᵢ) / (R·S).
    public static func logRiskRatio(_ tables: [Table2x2]) -> StudyEffect? {
        var r = 0.0, s = 0.0, numerator = 0.0
        for t in tables {
            let n = t.total
            r += t.a * (t.n2 / n)
            s += t.c * (t.n1 / n)
            numerator += (t.n1 / n) * (t.n2 / n) * (t.a + t.c) - (t.a / n) * t.c
        }
        guard r > 0, s > 0 else { return nil }
        return StudyEffect(y: log(r / s), v: numerator / (r * s))
    }

    /// The two variance estimators of the M-H risk difference.
    public enum RiskDifferenceVariance: Sendable {
        /// Greenland & Robins (1985), as in RevMan 5: Σ(aᵢbᵢn₂ᵢ³ + cᵢdᵢn₁ᵢ³)/(n₁ᵢn₂ᵢNᵢ²) / (Σwᵢ)².
        case greenlandRobins
        /// Sato, Greenland & Robins (1989), as in metafor's `rma.mh`.
        case sato
    }

    /// RD_MH = Σwᵢ·RDᵢ/Σwᵢ with wᵢ = n₁ᵢn₂ᵢ/Nᵢ. `pointTables`, when given, supplies the counts of
    /// each RDᵢ (RevMan uses the raw counts there and the corrected ones for weights and variance).
    public static func riskDifference(
        _ tables: [Table2x2], pointTables: [Table2x2]? = nil, variance: RiskDifferenceVariance
    ) -> StudyEffect? {
        guard !tables.isEmpty else { return nil }
        let points = pointTables ?? tables
        var sumW = 0.0, sumWD = 0.0
        for (t, raw) in zip(tables, points) {
            let w = t.n1 * (t.n2 / t.total)
            sumW += w
            sumWD += w * (raw.a / raw.n1 - raw.c / raw.n2)
        }
        guard sumW > 0 else { return nil }
        let estimate = sumWD / sumW
        switch variance {
        case .greenlandRobins:
            var numerator = 0.0
            for t in tables {
                let n = t.total
                numerator += (t.a * t.b * t.n2 * t.n2 * t.n2 + t.c * t.d * t.n1 * t.n1 * t.n1) / (t.n1 * t.n2 * n * n)
            }
            return StudyEffect(y: estimate, v: numerator / (sumW * sumW))
        case .sato:
            // Var = [RD·Σ(cᵢ(n₁ᵢ/Nᵢ)² − aᵢ(n₂ᵢ/Nᵢ)² + (n₁ᵢ/Nᵢ)(n₂ᵢ/Nᵢ)(n₂ᵢ − n₁ᵢ)/2)
            //        + Σ(aᵢ(n₂ᵢ − cᵢ)/Nᵢ + cᵢ(n₁ᵢ − aᵢ)/Nᵢ)/2] / (Σwᵢ)²
            var p = 0.0, q = 0.0
            for t in tables {
                let n = t.total
                let f1 = t.n1 / n, f2 = t.n2 / n
                p += t.c * f1 * f1 - t.a * f2 * f2 + f1 * f2 * (t.n2 - t.n1) / 2
                q += t.a * (t.n2 - t.c) / n + t.c * (t.n1 - t.a) / n
            }
            return StudyEffect(y: estimate, v: (estimate * p + q / 2) / (sumW * sumW))
        }
    }

    /// Each table's M-H weight: bᵢcᵢ/Nᵢ (OR), cᵢn₁ᵢ/Nᵢ (RR) or n₁ᵢn₂ᵢ/Nᵢ (RD).
    public static func weight(_ t: Table2x2, measure: EffectMeasure) -> Double {
        let n = t.total
        switch measure {
        case .OR: return (t.b / n) * t.c
        case .RR: return (t.c / n) * t.n1
        case .RD: return (t.n1 / n) * t.n2
        case .MD, .SMD, .GEN: return 0
        }
    }
}
