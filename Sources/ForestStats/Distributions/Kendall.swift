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
        let (concordant, discordant) = KendallTau.pairCounts(x, y)
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

    /// The concordant and discordant pairs in O(n log n) (Knight 1966, JASA 61:436–439): with
    /// the pairs sorted by x, then y, the discordant pairs are the strict inversions of the y
    /// sequence (counted while merge-sorting it), and C = n₀ − n₁ − n₂ + n₃ − D, where n₀ =
    /// n(n − 1)/2 and n₁, n₂, n₃ are the pairs tied in x, in y, and in both.
    static func pairCounts(_ x: [Double], _ y: [Double]) -> (concordant: Int, discordant: Int) {
        let n = x.count
        let order = (0..<n).sorted { x[$0] < x[$1] || (x[$0] == x[$1] && y[$0] < y[$1]) }
        let tiedX = tiedPairs(order.map { x[$0] })
        let tiedBoth = tiedPairs(order.map { Pair(x: x[$0], y: y[$0]) })
        var ys = order.map { y[$0] }
        let discordant = sortCountingInversions(&ys)
        let tiedY = tiedPairs(ys)
        return (n * (n - 1) / 2 - tiedX - tiedY + tiedBoth - discordant, discordant)
    }

    private struct Pair: Equatable {
        var x: Double
        var y: Double
    }

    /// Pairs of equal neighbours' groups in a sorted sequence: Σ t(t − 1)/2 over runs of t.
    private static func tiedPairs<T: Equatable>(_ sorted: [T]) -> Int {
        var pairs = 0, run = 1
        for i in 1..<max(sorted.count, 1) {
            if sorted[i] == sorted[i - 1] { run += 1 } else { run = 1 }
            pairs += run - 1
        }
        return pairs
    }

    /// Sorts `values` ascending (bottom-up merge sort) and returns the number of pairs i < j with
    /// values[i] > values[j] beforehand; equal values are not inversions.
    private static func sortCountingInversions(_ values: inout [Double]) -> Int {
        let n = values.count
        var inversions = 0
        var buffer = values
        var width = 1
        while width < n {
            var start = 0
            while start < n {
                let middle = min(start + width, n), end = min(start + 2 * width, n)
                var i = start, j = middle, k = start
                while i < middle && j < end {
                    if values[i] <= values[j] {
                        buffer[k] = values[i]
                        i += 1
                    } else {
                        buffer[k] = values[j]
                        inversions += middle - i
                        j += 1
                    }
                    k += 1
                }
                while i < middle { buffer[k] = values[i]; i += 1; k += 1 }
                while j < end { buffer[k] = values[j]; j += 1; k += 1 }
                start = end
            }
            swap(&values, &buffer)
            width *= 2
        }
        return inversions
    }

    /// Sizes of the groups of equal values (only groups of two or more).
    static func tieSizes(_ values: [Double]) -> [Double] {
        var counts: [Double: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        return counts.values.filter { $0 > 1 }.map(Double.init).sorted()
    }
}
