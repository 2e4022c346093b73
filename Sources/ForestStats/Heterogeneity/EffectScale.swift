import CMath

/// Rescaling study effects by a power of two before estimating heterogeneity, so that extreme
/// but finite data give finite, right answers.
///
/// The τ² estimators, the Q-profile and the typical within-study variance work with weights
/// wᵢ = 1/(vᵢ + τ²) and their squares. With standard errors near 1e-100 the squares overflow
/// (Σwᵢ² = ∞ made the DerSimonian–Laird τ² of two studies 0 instead of 2); near 1e100 they
/// underflow (a Fisher-scoring step of 0/0 or −∞). Every one of these quantities is
/// equivariant under y → y/c, v → v/c²: τ² scales by c², Q, I², H², z and p do not change. So
/// the data are divided by c = 2ᵉ, the estimate is computed, and τ² is multiplied back by c².
/// A power of two changes no digit of the data (only the exponent), and inside the ordinary
/// range (a typical variance between 2⁻⁴⁰ and 2⁴⁰, about 1e-12 to 1e12) c = 1, so that results
/// there are bit for bit those of the unscaled formulas — and metafor's, whose iterative
/// estimators use absolute tolerances.
struct EffectScale: Sendable, Hashable {
    /// y is divided by 2^exponent and v by 2^(2·exponent).
    let exponent: Int

    /// Typical variances within 2^±band are left as they are.
    static let band = 40

    static let identity = EffectScale(exponent: 0)

    private init(exponent: Int) {
        self.exponent = exponent
    }

    /// A scale that brings a typical variance with binary exponent `m` near 1.
    private init(varianceExponent m: Int) {
        exponent = abs(m) <= EffectScale.band ? 0 : m / 2
    }

    /// For quantities built from the within-study weights 1/vᵢ alone (DerSimonian–Laird, the
    /// typical within-study variance): the geometric mean of the vᵢ.
    static func forWeights(_ effects: [StudyEffect]) -> EffectScale {
        guard let range = varianceExponents(effects) else { return .identity }
        let mean = effects.reduce(0.0) { $0 + Double($1.v.exponent) } / Double(effects.count)
        return EffectScale(varianceExponent: Int(mean.rounded(.towardZero))).keeping(range)
    }

    /// The binary exponents of the smallest and largest vᵢ; nil unless every vᵢ is a positive,
    /// finite, normal number (`0.0.exponent` is Int.min).
    private static func varianceExponents(_ effects: [StudyEffect]) -> ClosedRange<Int>? {
        guard !effects.isEmpty else { return nil }
        var low = Int.max, high = Int.min
        for effect in effects {
            guard effect.v.isNormal && effect.v > 0 else { return nil }
            let exponent = Int(effect.v.exponent)
            low = min(low, exponent)
            high = max(high, exponent)
        }
        return low...high
    }

    /// This scale, reduced so that every rescaled vᵢ stays within 2^±1000 (a normal number with
    /// room to spare): when the yᵢ spread far more than the vᵢ, the spread cannot be brought to 1
    /// without the vᵢ vanishing.
    private func keeping(_ range: ClosedRange<Int>) -> EffectScale {
        guard !isIdentity else { return self }
        let e = Swift.max(Swift.min(exponent, (range.lowerBound + 1000) / 2), (range.upperBound - 1000) / 2)
        return EffectScale(exponent: e)
    }

    /// For quantities built from 1/(vᵢ + τ²) over a range of τ² (the iterative estimators, the
    /// Q-profile): the larger of the typical vᵢ and the spread of the yᵢ, which bounds τ².
    static func forModel(_ effects: [StudyEffect]) -> EffectScale {
        guard let range = varianceExponents(effects) else { return .identity }
        let weights = forWeights(effects)
        let mean = effects.reduce(0) { $0 + $1.y } / Double(effects.count)
        let spread = effects.reduce(0) { $0 + ($1.y - mean) * ($1.y - mean) } / Double(effects.count)
        guard spread > 0, spread.isFinite else { return weights }
        let typical = 2 * weights.exponent
        let m = max(typical, spread.exponent)
        // Rescale only when the ordinary range is left: keep the weights' scale if it is 1 and
        // the spread is in range too.
        return EffectScale(varianceExponent: abs(typical) <= band && abs(spread.exponent) <= band ? 0 : m)
            .keeping(range)
    }

    var isIdentity: Bool { exponent == 0 }

    func apply(_ effects: [StudyEffect]) -> [StudyEffect] {
        guard !isIdentity else { return effects }
        return effects.map { StudyEffect(y: times2($0.y, -exponent), v: times2($0.v, -2 * exponent)) }
    }

    /// A variance (τ²) on the scaled data → the same on the data's own scale.
    func varianceToData(_ x: Double) -> Double { isIdentity ? x : times2(x, 2 * exponent) }

    /// A variance on the data's own scale → the scaled data's.
    func varianceToScaled(_ x: Double) -> Double { isIdentity ? x : times2(x, -2 * exponent) }

    /// x·2ⁿ, exact (C's scalbn): the standard library's `Double(sign:exponent:significand:)`.
    private func times2(_ x: Double, _ n: Int) -> Double { Double(sign: .plus, exponent: n, significand: x) }
}
