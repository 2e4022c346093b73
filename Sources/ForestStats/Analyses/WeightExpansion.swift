/// The random-effects sums Σwᵢ, Σwᵢdᵢ and Σwᵢdᵢ² with wᵢ = 1/(vᵢ + t), at many values of t
/// near a centre c, each in a few operations instead of a pass over the studies: the series
///
///     1/(vᵢ + t) = Σₙ δⁿ/(vᵢ + c)ⁿ⁺¹,  δ = c − t,  for |δ| < vᵢ + c,
///
/// summed over the studies once per power, Mₙ = Σᵢ (1, dᵢ, dᵢ², |dᵢ|)/(vᵢ + c)ⁿ⁺¹, so that the
/// sums at t are the polynomial Σₙ δⁿ Mₙ. Leave-one-out and cumulative random-effects rows each
/// have their own τ², all close to one another once k is large; with this their rows cost
/// O(1) each instead of O(k).
///
/// The truncation is bounded, not estimated: after N terms each study's remainder is
/// xᴺ/(vᵢ + t) with x = δ/(vᵢ + c), so with r = |δ|/minᵢ(vᵢ + c) the sums are off by at most
/// rᴺ/(1 − r)·Σ|dᵢ|ᵖ/(vᵢ + c). N is chosen so that this is below one rounding unit (2⁻⁵³) of
/// Σ|dᵢ|ᵖ/(vᵢ + c) — less than the rounding error a direct sum over the studies may carry — and
/// where more than `order` terms would be needed the sums are not given (the caller sums
/// directly).
struct WeightExpansion: Sendable {
    /// The most terms kept: r ≤ 0.1 needs at most 16.
    static let order = 16
    /// The centre c.
    let center: Double
    /// Mₙ for n = 0 ..< order: lanes Σ1/(vᵢ + c)ⁿ⁺¹, Σdᵢ/…, Σdᵢ²/…, Σ|dᵢ|/….
    private(set) var moments = [SIMD4<Double>](repeating: .zero, count: WeightExpansion.order)
    /// minᵢ(vᵢ + c) over the studies added.
    private(set) var smallest = Double.infinity

    init(center: Double) {
        self.center = center
    }

    /// Adds one study (dᵢ = yᵢ minus whatever centre the caller uses); an infinite variance
    /// (weight 0) adds nothing.
    mutating func add(d: Double, v: Double) {
        guard v.isFinite else { return }
        let denominator = v + center
        smallest = min(smallest, denominator)
        let a = 1 / denominator
        var term = SIMD4(1, d, d * d, abs(d)) * a
        for n in 0..<Self.order {
            moments[n] += term
            term *= a
        }
    }

    /// (Σwᵢ, Σwᵢdᵢ, Σwᵢdᵢ²) at t, wᵢ = 1/(vᵢ + t), or nil when t is too far from the centre for
    /// `order` terms to reach the bound above.
    func sums(at t: Double) -> (w: Double, wd: Double, wdd: Double)? {
        guard let terms = terms(at: t) else { return nil }
        let delta = center - t
        var s = moments[terms - 1]
        for n in stride(from: terms - 2, through: 0, by: -1) { s = moments[n] + delta * s }
        return (s[0], s[1], s[2])
    }

    /// The N with rᴺ/(1 − r) ≤ 2⁻⁵³, if at most `order`.
    func terms(at t: Double) -> Int? {
        let r = abs(center - t) / smallest
        guard r < 0.5 else { return nil }
        var terms = 1
        var bound = r / (1 - r)
        while bound > 0x1p-53 {
            terms += 1
            bound *= r
            if terms > Self.order { return nil }
        }
        return terms
    }
}
