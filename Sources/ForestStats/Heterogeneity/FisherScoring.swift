import CMath

/// ML, REML and empirical Bayes estimates of τ² by Fisher scoring, as metafor's `rma.uni`
/// computes them (Viechtbauer 2005, eqs. 8–12; Morris 1983 and Berkey et al. 1995 for EB).
///
/// Start at max(0, τ²_HE); with wᵢ = 1/(vᵢ + τ²), P = W − WX(XᵀWX)⁻¹XᵀW, step by
///   ML:   (yᵀPPy − Σwᵢ) / Σwᵢ²
///   REML: (yᵀPPy − tr P) / tr(PP)
///   EB:   (k/(k − p)·yᵀPy − k) / Σwᵢ
/// halving a step that would make τ² negative, until a step changes τ² by at most
/// `control.threshold`. For ML and REML the log-likelihood at τ² = 0 is then compared with the
/// one at the solution, and 0 is taken when it is higher (metafor's `ll0check`).
enum FisherScoring {
    static func estimate(
        _ method: TauSquaredMethod, _ effects: [StudyEffect], design: Design, control: TauSquaredControl
    ) -> TauSquaredFit {
        let k = Double(effects.count), p = Double(design.columns)
        var tau2 = max(0, TauSquared.hedges(effects, design: design))
        var iterations = 0
        var change = control.threshold + 1
        while change > control.threshold {
            iterations += 1
            let previous = tau2
            guard let fit = Terms(effects, design: design, tau2: tau2) else {
                return TauSquaredFit(tau2: .nan, iterations: iterations, converged: false)
            }
            var step: Double
            switch method {
            case .ML:
                step = (fit.doublyWeightedRSS - fit.sumW) / fit.sumW2
            case .REML:
                step = (fit.doublyWeightedRSS - fit.traceP) / fit.tracePP
            default:
                step = (fit.weightedRSS * k / (k - p) - k) / fit.sumW
            }
            if step.isNaN { step = 0 }
            // An infinite step (a vanishing information) cannot be taken: stop, unconverged.
            guard step.isFinite else { return TauSquaredFit(tau2: tau2, iterations: iterations, converged: false) }
            while tau2 + step < 0 { step /= 2 }
            tau2 += step
            change = abs(previous - tau2)
            // metafor's criterion is absolute; for a τ² above 1e7 (seen only on data far from
            // the ordinary range) a change below 1e-12·τ² is as good as none, and the absolute one
            // could not be met in double precision.
            if change <= 1e-12 * tau2 { break }
            if iterations > control.maxIterations {
                return TauSquaredFit(tau2: tau2, iterations: iterations, converged: false)
            }
        }
        var leftLocalMaximum = false
        if method != .EB && tau2 > control.threshold {
            let atZero = logLikelihood(method, effects, design: design, tau2: 0)
            let atFit = logLikelihood(method, effects, design: design, tau2: tau2)
            if atZero - atFit > control.rootTolerance {
                tau2 = 0
                leftLocalMaximum = true
            }
        }
        return TauSquaredFit(
            tau2: max(0, tau2), iterations: iterations, converged: true, leftLocalMaximum: leftLocalMaximum)
    }

    /// The (restricted) log-likelihood at τ²:
    /// ML:   −½[k·ln 2π + Σln(vᵢ + τ²) + yᵀPy]
    /// REML: −½[(k − p)·ln 2π + Σln(vᵢ + τ²) + ln det(XᵀWX) + yᵀPy]
    static func logLikelihood(
        _ method: TauSquaredMethod, _ effects: [StudyEffect], design: Design, tau2: Double
    ) -> Double {
        let k = Double(effects.count), p = Double(design.columns)
        guard let fit = Terms(effects, design: design, tau2: tau2) else { return -.infinity }
        let logDet = effects.reduce(0) { $0 + log($1.v + tau2) }
        if method == .ML { return -0.5 * (k * log(2 * .pi) + logDet + fit.weightedRSS) }
        return -0.5 * ((k - p) * log(2 * .pi) + logDet + fit.logDeterminant + fit.weightedRSS)
    }

    /// What a scoring step and the log-likelihood take from the weighted least-squares fit at
    /// τ²: from sums for the intercept-only model (`InterceptLeastSquares`, the same numbers to
    /// the bit, no arrays), from `WeightedLeastSquares` with moderators.
    private struct Terms {
        var sumW, sumW2, weightedRSS, doublyWeightedRSS, logDeterminant, traceP, tracePP: Double

        init?(_ effects: [StudyEffect], design: Design, tau2: Double) {
            if design.isIntercept {
                guard let fit = InterceptLeastSquares(effects, tau2: tau2) else { return nil }
                (sumW, sumW2) = (fit.sumW, fit.sumW2)
                (weightedRSS, doublyWeightedRSS, logDeterminant) =
                    (fit.weightedRSS, fit.doublyWeightedRSS, fit.logDeterminant)
                (traceP, tracePP) = (fit.traceP, fit.tracePP)
            } else {
                guard
                    let fit = WeightedLeastSquares(
                        y: effects.map(\.y), weights: effects.map { 1 / ($0.v + tau2) }, design: design)
                else { return nil }
                (sumW, sumW2) = (fit.weights.reduce(0, +), fit.weights.reduce(0) { $0 + $1 * $1 })
                (weightedRSS, doublyWeightedRSS, logDeterminant) =
                    (fit.weightedRSS, fit.doublyWeightedRSS, fit.logDeterminant)
                (traceP, tracePP) = (fit.traceP, fit.tracePP)
            }
        }
    }
}
