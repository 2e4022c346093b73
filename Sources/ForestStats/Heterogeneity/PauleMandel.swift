/// The Paule & Mandel (1982) estimator: the τ² ≥ 0 at which the generalised Q statistic equals
/// its expectation k − p (DerSimonian & Kacker 2007, Contemp. Clin. Trials 28:105–114).
///
/// Like metafor, Forest returns 0 when Q(0) < k − p, and otherwise finds the root with Brent's
/// method on [0, 100] at tolerance ε^¼ (metafor's `uniroot` call). Where Q(100) is still above
/// k − 1 metafor gives up; Forest doubles the upper end until the root is bracketed.
enum PauleMandel {
    static func estimate(_ effects: [StudyEffect], design: Design, control: TauSquaredControl) -> TauSquaredFit {
        let target = Double(effects.count - design.columns)
        let f: (Double) -> Double = { TauSquared.generalizedQ(effects, tau2: $0, design: design) - target }
        if f(0) < 0 { return TauSquaredFit(tau2: 0) }
        var upper = control.upperBound
        var widenings = 0
        // Doubling reaches any finite root (at most ~2100 steps of O(k) from 2⁻¹⁰⁷⁴ to 2¹⁰²³).
        while f(upper) > 0 {
            upper *= 2
            widenings += 1
            if !upper.isFinite || widenings > 2100 {
                return TauSquaredFit(tau2: .nan, iterations: 0, converged: false)
            }
        }
        let solution = BrentRoot.find(
            in: 0...upper, tolerance: control.rootTolerance, maxIterations: control.maxIterations, f)
        return TauSquaredFit(
            tau2: max(0, solution.root), iterations: solution.iterations, converged: solution.converged)
    }
}
