import CMath

/// The standard normal distribution.
///
/// Tail probabilities go through `erfc`, whose relative error is about one ulp over the
/// whole line, so a p-value such as 2·Φ(−11.5) ≈ 1.3·10⁻³⁰ keeps all its digits instead of
/// collapsing to 0 as `1 − Φ(z)` would. Results below the smallest subnormal double are 0.
public enum Normal {
    private static let sqrt2 = 2.0.squareRoot()

    /// Density φ(x) = exp(−x²/2)/√(2π).
    public static func density(_ x: Double) -> Double {
        exp(-0.5 * x * x) / (2.0 * Double.pi).squareRoot()
    }

    /// Φ(x) = ½·erfc(−x/√2).
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / sqrt2)
    }

    /// Upper tail 1 − Φ(x) = ½·erfc(x/√2), computed without cancellation.
    public static func survival(_ x: Double) -> Double {
        0.5 * erfc(x / sqrt2)
    }

    /// Two-sided p-value of a z statistic: 2·(1 − Φ(|z|)) = erfc(|z|/√2).
    public static func twoSidedP(_ z: Double) -> Double {
        erfc(abs(z) / sqrt2)
    }

    /// The quantile Φ⁻¹(p), to full double precision.
    ///
    /// Starts from the rational approximation of Abramowitz & Stegun (1964), 26.2.23
    /// (absolute error < 4.5·10⁻⁴), then applies Halley steps to `survival(x) = q` with
    /// q = min(p, 1 − p); each step triples the number of correct digits, so three steps
    /// reach the limit set by `erfc` itself. Φ⁻¹(0) = −∞, Φ⁻¹(1) = +∞, NaN outside [0, 1].
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        let upper = p > 0.5
        let q = upper ? 1 - p : p
        // A&S 26.2.23: the upper-tail quantile of q ≤ 0.5.
        let t = (-2.0 * log(q)).squareRoot()
        var x =
            t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
            / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
        for _ in 0..<6 {
            let phi = density(x)
            if phi == 0 { break }
            // f(x) = S(x) − q, f′ = −φ(x), f″ = x·φ(x); Halley: x − u/(1 + u·x/2), u = f/f′.
            let u = (survival(x) - q) / (-phi)
            let step = u / (1 + 0.5 * u * x)
            x -= step
            if abs(step) <= 1e-16 * max(1, abs(x)) { break }
        }
        return upper ? x : -x
    }
}
