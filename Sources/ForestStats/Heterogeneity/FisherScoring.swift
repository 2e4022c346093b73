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
        estimate(method, EffectsScoringData(effects: effects, design: design), control: control)
    }

    /// The same iterations on any data that gives the quantities at each τ² (the rows of a
    /// large leave-one-out or cumulative analysis take them from sums).
    static func estimate(
        _ method: TauSquaredMethod, _ data: some ScoringData, control: TauSquaredControl
    ) -> TauSquaredFit {
        let k = data.count, p = data.columns
        var tau2 = max(0, data.hedges)
        var iterations = 0
        var change = control.threshold + 1
        while change > control.threshold {
            iterations += 1
            let previous = tau2
            guard let fit = data.terms(at: tau2) else {
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
            let atZero = logLikelihood(method, data, tau2: 0)
            let atFit = logLikelihood(method, data, tau2: tau2)
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
    static func logLikelihood(_ method: TauSquaredMethod, _ data: some ScoringData, tau2: Double) -> Double {
        let k = data.count, p = data.columns
        guard let fit = data.terms(at: tau2) else { return -.infinity }
        let logDet = data.logVarianceSum(at: tau2)
        if method == .ML { return -0.5 * (k * log(2 * .pi) + logDet + fit.weightedRSS) }
        return -0.5 * ((k - p) * log(2 * .pi) + logDet + fit.logDeterminant + fit.weightedRSS)
    }
}

/// What a scoring step and the log-likelihood take from the weighted least-squares fit at τ².
struct ScoringTerms {
    var sumW, sumW2, weightedRSS, doublyWeightedRSS, logDeterminant, traceP, tracePP: Double
}

extension ScoringTerms {
    /// The intercept-only model's terms.
    init(_ fit: InterceptLeastSquares) {
        self.init(
            sumW: fit.sumW, sumW2: fit.sumW2, weightedRSS: fit.weightedRSS, doublyWeightedRSS: fit.doublyWeightedRSS,
            logDeterminant: fit.logDeterminant, traceP: fit.traceP, tracePP: fit.tracePP)
    }
}

/// The data Fisher scoring works on, seen only through what it computes at each τ².
protocol ScoringData {
    /// k and p, the numbers of studies and of coefficients.
    var count: Double { get }
    var columns: Double { get }
    /// The starting value's estimator, τ²_HE (untruncated).
    var hedges: Double { get }
    /// nil where the fit is singular.
    func terms(at tau2: Double) -> ScoringTerms?
    /// Σ ln(vᵢ + τ²).
    func logVarianceSum(at tau2: Double) -> Double
}

/// The study effects themselves: from sums for the intercept-only model
/// (`InterceptLeastSquares`, the same numbers to the bit, no arrays), from
/// `WeightedLeastSquares` with moderators.
struct EffectsScoringData: ScoringData {
    let effects: [StudyEffect]
    let design: Design

    var count: Double { Double(effects.count) }
    var columns: Double { Double(design.columns) }
    var hedges: Double { TauSquared.hedges(effects, design: design) }

    func terms(at tau2: Double) -> ScoringTerms? {
        if design.isIntercept {
            return InterceptLeastSquares(effects, tau2: tau2).map(ScoringTerms.init)
        }
        guard
            let fit = WeightedLeastSquares(
                y: effects.map(\.y), weights: effects.map { 1 / ($0.v + tau2) }, design: design)
        else { return nil }
        return ScoringTerms(
            sumW: fit.weights.reduce(0, +), sumW2: fit.weights.reduce(0) { $0 + $1 * $1 },
            weightedRSS: fit.weightedRSS, doublyWeightedRSS: fit.doublyWeightedRSS,
            logDeterminant: fit.logDeterminant, traceP: fit.traceP, tracePP: fit.tracePP)
    }

    func logVarianceSum(at tau2: Double) -> Double {
        effects.reduce(0) { $0 + log($1.v + tau2) }
    }
}
