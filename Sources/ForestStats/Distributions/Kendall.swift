/// The exact null distribution of Kendall's rank statistic: T, the number of concordant pairs
/// among n untied pairs, is distributed as the number of inversions of a random permutation of n.
///
/// P(T = t) for n follows from n − 1 by the recursion Iₙ(t) = Σ_{j=0}^{min(t, n−1)} Iₙ₋₁(t − j)
/// (Kendall 1938; Best & Gipps 1974, AS 71), kept as probabilities (divided by n at each step)
/// with a sliding-window sum, O(n³) in all; R's `cor.test(method = "kendall", exact = TRUE)` uses
/// the same distribution.
public enum KendallDistribution {
    /// P(T ≤ t) for n.
    public static func cdf(_ t: Int, n: Int) -> Double {
        let maximum = n * (n - 1) / 2
        if t < 0 { return 0 }
        if t >= maximum { return 1 }
        var probabilities = [1.0]
        if n >= 2 {
            for m in 2...n {
                let size = probabilities.count + m - 1
                var next = Array(repeating: 0.0, count: size)
                var window = 0.0
                for s in 0..<size {
                    if s < probabilities.count { window += probabilities[s] }
                    if s - m >= 0 { window -= probabilities[s - m] }
                    next[s] = window / Double(m)
                }
                probabilities = next
            }
        }
        return probabilities[0...t].reduce(0, +)
    }

    /// Two-sided exact p-value of T = t concordant pairs, as R computes it:
    /// min(1, 2·P(T ≤ t)) below the centre, min(1, 2·P(T ≥ t)) above it (by symmetry
    /// P(T ≥ t) = P(T ≤ M − t), M = n(n − 1)/2).
    public static func twoSidedP(concordant t: Int, n: Int) -> Double {
        let maximum = n * (n - 1) / 2
        let tail = 2 * t > maximum ? cdf(maximum - t, n: n) : cdf(t, n: n)
        return min(1, 2 * tail)
    }
}

/// Kendall's rank correlation of paired values with its two-sided test, as R's
/// `cor.test(x, y, method = "kendall", exact = TRUE)`: τ_b, and the exact p-value when there are
/// no ties (up to 500 pairs), otherwise the normal approximation with the tie-corrected variance
/// of S (Kendall 1970, ch. 4; no continuity correction).
public struct KendallTau: Sendable, Hashable {
    public var tau: Double
    public var pValue: Double
    /// Whether the p-value is exact (no ties) or from the normal approximation.
    public var exact: Bool

    public init?(_ x: [Double], _ y: [Double]) {
        let n = x.count
        guard n >= 2, y.count == n else { return nil }
        var concordant = 0, discordant = 0
        for i in 0..<n {
            for j in (i + 1)..<n {
                let s = (x[i] - x[j]) * (y[i] - y[j])
                if s > 0 { concordant += 1 } else if s < 0 { discordant += 1 }
            }
        }
        let tiesX = KendallTau.tieSizes(x), tiesY = KendallTau.tieSizes(y)
        let n0 = Double(n * (n - 1)) / 2
        let n1 = tiesX.reduce(0.0) { $0 + $1 * ($1 - 1) / 2 }
        let n2 = tiesY.reduce(0.0) { $0 + $1 * ($1 - 1) / 2 }
        guard n0 > n1, n0 > n2 else { return nil }
        let s = Double(concordant - discordant)
        tau = s / ((n0 - n1) * (n0 - n2)).squareRoot()
        if tiesX.isEmpty && tiesY.isEmpty && n <= KendallTau.exactLimit {
            exact = true
            pValue = KendallDistribution.twoSidedP(concordant: concordant, n: n)
        } else {
            exact = false
            let nn = Double(n)
            func sum(_ ties: [Double], _ f: (Double) -> Double) -> Double { ties.reduce(0) { $0 + f($1) } }
            let v0 = nn * (nn - 1) * (2 * nn + 5)
            let vt = sum(tiesX) { $0 * ($0 - 1) * (2 * $0 + 5) }
            let vu = sum(tiesY) { $0 * ($0 - 1) * (2 * $0 + 5) }
            let v1 = sum(tiesX) { $0 * ($0 - 1) } * sum(tiesY) { $0 * ($0 - 1) }
            let v2 = sum(tiesX) { $0 * ($0 - 1) * ($0 - 2) } * sum(tiesY) { $0 * ($0 - 1) * ($0 - 2) }
            var variance = (v0 - vt - vu) / 18 + v1 / (2 * nn * (nn - 1))
            if n > 2 { variance += v2 / (9 * nn * (nn - 1) * (nn - 2)) }
            let z = s / variance.squareRoot()
            pValue = 2 * min(Normal.cdf(z), Normal.survival(z))
        }
    }

    /// Up to this many pairs the exact distribution is used (it costs O(n³): 0.1 s at 500);
    /// beyond, the normal approximation, whose error there is far below any reported digit.
    static let exactLimit = 500

    /// Sizes of the groups of equal values (only groups of two or more).
    static func tieSizes(_ values: [Double]) -> [Double] {
        var counts: [Double: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        return counts.values.filter { $0 > 1 }.map(Double.init).sorted()
    }
}
