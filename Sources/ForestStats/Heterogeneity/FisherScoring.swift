import Foundation

/// ML, REML and empirical Bayes estimates of τ² by Fisher scoring, as metafor's `rma.uni`
/// computes them (Viechtbauer 2005, eqs. 8–12; Morris 1983 and Berkey et al. 1995 for EB).
///
/// Start at max(0, τ²_HE); with wᵢ = 1/(vᵢ + τ²) and θ̂ the w-weighted mean, step by
///   ML:   (Σwᵢ²(yᵢ − θ̂)² − Σwᵢ) / Σwᵢ²
///   REML: (Σwᵢ²(yᵢ − θ̂)² − tr P) / tr(P²),  tr P = Σwᵢ − Σwᵢ²/Σwᵢ,
///         tr(P²) = Σwᵢ² − 2Σwᵢ³/Σwᵢ + (Σwᵢ²)²/(Σwᵢ)²
///   EB:   (k/(k − 1)·Σwᵢ(yᵢ − θ̂)² − k) / Σwᵢ
/// halving a step that would make τ² negative, until a step changes τ² by at most
/// `control.threshold`. For ML and REML the log-likelihood at τ² = 0 is then compared with the
/// one at the solution, and 0 is taken when it is higher (metafor's `ll0check`).
enum FisherScoring {
    static func estimate(_ method: TauSquaredMethod, _ effects: [StudyEffect], control: TauSquaredControl) -> TauSquaredFit {
        let k = Double(effects.count)
        var tau2 = max(0, TauSquared.hedges(effects))
        var iterations = 0
        var change = control.threshold + 1
        while change > control.threshold {
            iterations += 1
            let previous = tau2
            let fit = InverseVariance.pool(effects, tau2: tau2)
            var sumW = 0.0, sumW2 = 0.0, sumW3 = 0.0, weightedRSS = 0.0, weighted2RSS = 0.0
            for (w, e) in zip(fit.weights, effects) {
                let r2 = (e.y - fit.estimate) * (e.y - fit.estimate)
                sumW += w
                sumW2 += w * w
                sumW3 += w * w * w
                weightedRSS += w * r2
                weighted2RSS += w * w * r2
            }
            var step: Double
            switch method {
            case .ML:
                step = (weighted2RSS - sumW) / sumW2
            case .REML:
                let traceP = sumW - sumW2 / sumW
                let tracePP = sumW2 - 2 * sumW3 / sumW + (sumW2 * sumW2) / (sumW * sumW)
                step = (weighted2RSS - traceP) / tracePP
            default:
                step = (weightedRSS * k / (k - 1) - k) / sumW
            }
            if step.isNaN { step = 0 }
            while tau2 + step < 0 { step /= 2 }
            tau2 += step
            change = abs(previous - tau2)
            if iterations > control.maxIterations {
                return TauSquaredFit(tau2: tau2, iterations: iterations, converged: false)
            }
        }
        if method != .EB && tau2 > control.threshold {
            let atZero = logLikelihood(method, effects, tau2: 0)
            let atFit = logLikelihood(method, effects, tau2: tau2)
            if atZero - atFit > control.rootTolerance { tau2 = 0 }
        }
        return TauSquaredFit(tau2: max(0, tau2), iterations: iterations, converged: true)
    }

    /// The (restricted) log-likelihood of the intercept-only model at τ²:
    /// ML:   −½[k·ln 2π + Σln(vᵢ + τ²) + Σwᵢ(yᵢ − θ̂)²]
    /// REML: −½[(k − 1)·ln 2π + Σln(vᵢ + τ²) + ln Σwᵢ + Σwᵢ(yᵢ − θ̂)²]
    static func logLikelihood(_ method: TauSquaredMethod, _ effects: [StudyEffect], tau2: Double) -> Double {
        let k = Double(effects.count)
        let fit = InverseVariance.pool(effects, tau2: tau2)
        var rss = 0.0, logDet = 0.0
        for (w, e) in zip(fit.weights, effects) {
            rss += w * (e.y - fit.estimate) * (e.y - fit.estimate)
            logDet += log(e.v + tau2)
        }
        if method == .ML { return -0.5 * (k * log(2 * .pi) + logDet + rss) }
        return -0.5 * ((k - 1) * log(2 * .pi) + logDet + log(1 / fit.variance) + rss)
    }
}
