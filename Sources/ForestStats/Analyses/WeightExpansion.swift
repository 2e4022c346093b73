import CMath

/// The random-effects sums Σdᵢᵖ/(vᵢ + t)ᵐ (and Σ ln(vᵢ + t)) at many values of t near a centre
/// c, each in a few operations instead of a pass over the studies: the series
///
///     1/(vᵢ + t)ᵐ = Σₙ C(n + m − 1, m − 1)·δⁿ/(vᵢ + c)ⁿ⁺ᵐ,  δ = c − t,  for |δ| < vᵢ + c,
///     ln(vᵢ + t) = ln(vᵢ + c) − Σₙ₌₁ (δ/(vᵢ + c))ⁿ/n,
///
/// summed over the studies once per power, Mⱼ = Σᵢ (1, dᵢ, dᵢ², |dᵢ|)/(vᵢ + c)ʲ⁺¹, so that the
/// sums at t are polynomials in δ. Leave-one-out and cumulative random-effects rows each have
/// their own τ² (and an iterative estimator evaluates several), all close to one another once
/// k is large; with this their rows cost O(1) each instead of O(k).
///
/// The truncation is bounded, not estimated: with r = |δ|/minᵢ(vᵢ + c), the N-term sum of the
/// m-th power is off by at most tₙ/(1 − ρ)·Σ|dᵢ|ᵖ/(vᵢ + c)ᵐ, tₙ = C(N + m − 1, m − 1)·rᴺ and
/// ρ = r(N + m)/(N + 1) (the terms' ratio from N on); the logarithms' by rᴺ⁺¹/((N + 1)(1 − r))
/// per study. N is chosen so that this is below one rounding unit (2⁻⁵³) of those sums — less
/// than the rounding error a direct sum over the studies may carry — and where more than
/// `order` terms would be needed the sums are not given (the caller sums directly).
struct WeightExpansion: Sendable {
    /// The most terms kept: r ≤ 0.1 needs at most 16 (m = 1), r ≤ 0.3 at most 36.
    let order: Int
    /// The centre c.
    let center: Double
    /// Mⱼ for j = 0 … order + 1: lanes Σ1/(vᵢ + c)ʲ⁺¹, Σdᵢ/…, Σdᵢ²/…, Σ|dᵢ|/….
    private(set) var moments: [SIMD4<Double>]
    /// minᵢ(vᵢ + c) over the studies added.
    private(set) var smallest = Double.infinity
    /// The studies added with a finite variance, and Σ ln(vᵢ + c) over them (when kept).
    private(set) var count = 0
    private(set) var logSum = 0.0
    private let keepsLogs: Bool

    init(center: Double, order: Int = 16, logs: Bool = false) {
        self.center = center
        self.order = order
        self.keepsLogs = logs
        moments = [SIMD4<Double>](repeating: .zero, count: order + 2)
    }

    /// Adds one study (dᵢ = yᵢ minus whatever centre the caller uses); an infinite variance
    /// (weight 0) adds nothing.
    mutating func add(d: Double, v: Double) {
        guard v.isFinite else { return }
        let denominator = v + center
        smallest = min(smallest, denominator)
        count += 1
        if keepsLogs { logSum += log(denominator) }
        let a = 1 / denominator
        var term = SIMD4(1, d, d * d, abs(d)) * a
        for j in moments.indices {
            moments[j] += term
            term *= a
        }
    }

    /// (Σwᵢ, Σwᵢdᵢ, Σwᵢdᵢ²) at t, wᵢ = 1/(vᵢ + t), or nil when t is too far from the centre for
    /// `order` terms to reach the bound above.
    func sums(at t: Double) -> (w: Double, wd: Double, wdd: Double)? {
        guard let s = power(1, at: t) else { return nil }
        return (s[0], s[1], s[2])
    }

    /// Whether `sums(at: t)` is given.
    func reaches(_ t: Double) -> Bool { power(1, at: t) != nil }

    /// Every sum Fisher scoring needs at t (see `PowerSums`), or nil as for `sums(at:)`; the
    /// logarithms only if the expansion keeps them.
    func powerSums(at t: Double) -> PowerSums? {
        guard keepsLogs, let one = power(1, at: t), let two = power(2, at: t), let three = power(3, at: t),
            let logs = logarithms(at: t)
        else { return nil }
        return PowerSums(
            count: count, w: one[0], wd: one[1], wdd: one[2], w2: two[0], w2d: two[1], w2dd: two[2], w3: three[0],
            logV: logs)
    }

    /// Σ(1, dᵢ, dᵢ², |dᵢ|)/(vᵢ + t)ᵐ, by Horner's rule from the last term needed.
    private func power(_ m: Int, at t: Double) -> SIMD4<Double>? {
        let delta = center - t
        let r = abs(delta) / smallest
        guard r < 0.5 else { return nil }
        // Terms n = 0 … N − 1, cₙ = C(n + m − 1, m − 1): N grows until the bound is met.
        var terms = 1
        var last = 1.0
        while true {
            let next = last * Double(terms - 1 + m) / Double(terms)
            let rho = r * Double(terms + m) / Double(terms + 1)
            if rho < 1 && next * pow(r, Double(terms)) / (1 - rho) <= 0x1p-53 { break }
            if terms == order { return nil }
            terms += 1
            last = next
        }
        var coefficient = last
        var sum = coefficient * moments[terms + m - 2]
        for n in stride(from: terms - 2, through: 0, by: -1) {
            coefficient *= Double(n + 1) / Double(n + m)
            sum = coefficient * moments[n + m - 1] + delta * sum
        }
        return sum
    }

    /// Σ ln(vᵢ + t) = Σ ln(vᵢ + c) − Σₙ₌₁ δⁿ·Mₙ₋₁/n, by Horner's rule.
    private func logarithms(at t: Double) -> Double? {
        let delta = center - t
        let r = abs(delta) / smallest
        guard r < 0.5 else { return nil }
        var terms = 1
        while pow(r, Double(terms + 1)) / (Double(terms + 1) * (1 - r)) > 0x1p-53 {
            if terms == order { return nil }
            terms += 1
        }
        var sum = 0.0
        for n in stride(from: terms, through: 1, by: -1) { sum = moments[n - 1][0] / Double(n) + delta * sum }
        return logSum - delta * sum
    }
}

/// Σwᵢᵐdᵢᵖ over a set of studies at one τ², wᵢ = 1/(vᵢ + τ²), and Σ ln(vᵢ + τ²): what the
/// intercept-only random-effects model's scoring steps and likelihood are made of.
struct PowerSums {
    var count: Int
    var w, wd, wdd, w2, w2d, w2dd, w3: Double
    var logV: Double

    /// One study's sums.
    init(d: Double, v: Double, tau2: Double) {
        let w = 1 / (v + tau2)
        count = 1
        (self.w, wd, wdd) = (w, w * d, w * d * d)
        (w2, w2d, w2dd, w3) = (w * w, w * w * d, w * w * d * d, w * w * w)
        logV = log(v + tau2)
    }

    init(
        count: Int, w: Double, wd: Double, wdd: Double, w2: Double, w2d: Double, w2dd: Double, w3: Double,
        logV: Double
    ) {
        self.count = count
        (self.w, self.wd, self.wdd, self.w2, self.w2d, self.w2dd, self.w3) = (w, wd, wdd, w2, w2d, w2dd, w3)
        self.logV = logV
    }

    /// Σwᵢ(dᵢ − d̄)² = Σwᵢdᵢ² − (Σwᵢdᵢ)²/Σwᵢ (d̄ = Σwᵢdᵢ/Σwᵢ), or nil where the difference
    /// would lose more than one bit to cancellation (then the caller sums directly).
    static func residualSquares(w: Double, wd: Double, wdd: Double) -> Double? {
        let rss = wdd - wd * wd / w
        return rss >= wdd / 2 ? rss : nil
    }

    var residualSquares: Double? { PowerSums.residualSquares(w: w, wd: wd, wdd: wdd) }

    static func - (x: PowerSums, y: PowerSums) -> PowerSums {
        PowerSums(
            count: x.count - y.count, w: x.w - y.w, wd: x.wd - y.wd, wdd: x.wdd - y.wdd, w2: x.w2 - y.w2,
            w2d: x.w2d - y.w2d, w2dd: x.w2dd - y.w2dd, w3: x.w3 - y.w3, logV: x.logV - y.logV)
    }
}
