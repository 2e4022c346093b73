/// Peto's one-step odds ratio (Yusuf, Peto, Lewis, Collins & Sleight 1985; Deeks & Higgins
/// 2010, §"Peto odds ratio method"). Raw counts, no continuity correction.
public enum Peto {
    /// O − E = a − n₁(a + c)/N and the hypergeometric variance V = n₁n₂(a + c)(b + d)/(N²(N − 1)).
    public static func observedMinusExpected(_ t: Table2x2) -> (oMinusE: Double, variance: Double) {
        let n = t.total
        let events = t.a + t.c, nonEvents = t.b + t.d
        let expected = events * t.n1 / n
        let variance = events * nonEvents * (t.n1 / n) * (t.n2 / n) / (n - 1)
        return (t.a - expected, variance)
    }

    /// The pooled log odds ratio Σ(O − E)/ΣV with variance 1/ΣV, and the heterogeneity statistic
    /// Q = Σ(O − E)²/V − (Σ(O − E))²/ΣV over tables with V > 0. nil when ΣV = 0.
    public static func pool(_ tables: [Table2x2]) -> (effect: StudyEffect, q: Double, variances: [Double])? {
        let parts = tables.map(observedMinusExpected)
        var sumOE = 0.0, sumV = 0.0, sumOE2overV = 0.0
        for part in parts where part.variance > 0 {
            sumOE += part.oMinusE
            sumV += part.variance
            sumOE2overV += part.oMinusE * part.oMinusE / part.variance
        }
        guard sumV > 0 else { return nil }
        let q = max(0, sumOE2overV - sumOE * sumOE / sumV)
        return (StudyEffect(y: sumOE / sumV, v: 1 / sumV), q, parts.map(\.variance))
    }
}
