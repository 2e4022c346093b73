/// Peto's one-step odds ratio (Yusuf, Peto, Lewis, Collins & Sleight 1985; Deeks & Higgins
/// 2010, §"Peto odds ratio method"), from raw counts with no continuity correction.
///
/// The accumulators Σ(O − E), ΣV and Σ(O − E)²/V are additive over tables.
public struct Peto: Sendable, Hashable {
    var oMinusE = 0.0
    var variance = 0.0
    var squaredOverV = 0.0
    /// Tables with V > 0.
    var informative = 0

    public init() {}

    /// One table: O − E = a − n₁(a + c)/N and V = n₁n₂(a + c)(b + d)/(N²(N − 1)).
    public init(_ t: Table2x2) {
        let part = Peto.observedMinusExpected(t)
        guard part.variance > 0 else { return }
        oMinusE = part.oMinusE
        variance = part.variance
        squaredOverV = part.oMinusE * part.oMinusE / part.variance
        informative = 1
    }

    public static func + (x: Peto, y: Peto) -> Peto {
        var s = x
        s.oMinusE += y.oMinusE
        s.variance += y.variance
        s.squaredOverV += y.squaredOverV
        s.informative += y.informative
        return s
    }

    public static func observedMinusExpected(_ t: Table2x2) -> (oMinusE: Double, variance: Double) {
        let n = t.total
        let events = t.a + t.c, nonEvents = t.b + t.d
        let expected = events * t.n1 / n
        let variance = events * nonEvents * (t.n1 / n) * (t.n2 / n) / (n - 1)
        return (t.a - expected, variance)
    }

    /// ln OR = Σ(O − E)/ΣV with variance 1/ΣV; nil when ΣV = 0.
    public var effect: StudyEffect? {
        variance > 0 ? StudyEffect(y: oMinusE / variance, v: 1 / variance) : nil
    }

    /// Q = Σ(O − E)²/V − (Σ(O − E))²/ΣV over tables with V > 0.
    public var q: Double {
        variance > 0 ? max(0, squaredOverV - oMinusE * oMinusE / variance) : 0
    }
}
