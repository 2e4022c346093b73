/// Brent's root finder: bisection safeguarded by secant and inverse quadratic interpolation.
///
/// Brent, R. P. (1973), *Algorithms for Minimization without Derivatives*, ch. 4 (procedure
/// `zero`). R's `uniroot()` runs the same algorithm with the same stopping rule — stop when
/// the bracket's half width is at most 2·ε·|b| + tol/2, or f(b) = 0 — and metafor finds the
/// Paule–Mandel τ² with `uniroot(tol = ε^0.25, maxiter = 100)`; following the algorithm step
/// for step is what lets Forest reproduce metafor's PM estimates to the last digits.
public enum BrentRoot {
    public struct Solution: Sendable, Equatable {
        public var root: Double
        public var iterations: Int
        public var converged: Bool
    }

    /// Finds a root of `f` in `interval`; f must change sign over it (or vanish at an end).
    /// `ends`: f at the interval's ends when the caller has them already (each evaluation of
    /// a Q-profile's f is two passes over every study).
    public static func find(
        in interval: ClosedRange<Double>, tolerance: Double, maxIterations: Int,
        ends: (lower: Double, upper: Double)? = nil, _ f: (Double) -> Double
    ) -> Solution {
        var a = interval.lowerBound, b = interval.upperBound
        var fa = ends?.lower ?? f(a), fb = ends?.upper ?? f(b)
        if fa == 0 { return Solution(root: a, iterations: 0, converged: true) }
        if fb == 0 { return Solution(root: b, iterations: 0, converged: true) }
        var c = a, fc = fa
        let epsilon = Double.ulpOfOne
        for iteration in 0...maxIterations {
            let previousStep = b - a
            if abs(fc) < abs(fb) {
                // Keep b the best approximation: rotate a ← b ← c ← a.
                a = b; b = c; c = a
                fa = fb; fb = fc; fc = fa
            }
            let actualTolerance = 2 * epsilon * abs(b) + tolerance / 2
            var step = (c - b) / 2
            if abs(step) <= actualTolerance || fb == 0 {
                return Solution(root: b, iterations: iteration, converged: true)
            }
            if abs(previousStep) >= actualTolerance && abs(fa) > abs(fb) {
                // Try interpolation: secant when only two distinct points, else inverse quadratic.
                let cb = c - b
                var p: Double, q: Double
                if a == c {
                    let t1 = fb / fa
                    p = cb * t1
                    q = 1 - t1
                } else {
                    let qa = fa / fc, t1 = fb / fc, t2 = fb / fa
                    p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1))
                    q = (qa - 1) * (t1 - 1) * (t2 - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if p < 0.75 * cb * q - abs(actualTolerance * q) / 2 && p < abs(previousStep * q / 2) {
                    step = p / q
                }
            }
            if abs(step) < actualTolerance { step = step > 0 ? actualTolerance : -actualTolerance }
            a = b; fa = fb
            b += step
            fb = f(b)
            if (fb > 0 && fc > 0) || (fb < 0 && fc < 0) { c = a; fc = fa }
        }
        return Solution(root: b, iterations: maxIterations, converged: false)
    }
}
