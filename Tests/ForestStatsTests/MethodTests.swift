import Testing

@testable import ForestStats

/// One test per statistical method of ForestStats, under `convention: .metafor`, against R 4.2.2 /
/// metafor 3.8-1. `Rscript tools/stats-reference.R` prints every expected value below, with 17
/// significant digits, under the name of the test that uses it; the data sets here must stay
/// identical to the script's. Where it is cheap, a test checks the building block (the
/// Mantel–Haenszel or Peto sums, the τ² estimator) as well as the analysis built on it.
@Suite("Methods against metafor")
struct MethodTests {
    /// Six trials; trial 3 has no events in the experimental arm (one zero cell, no double zero).
    static let counts = [
        BinaryCounts(eventsE: 12, totalE: 100, eventsC: 20, totalC: 98),
        BinaryCounts(eventsE: 5, totalE: 60, eventsC: 9, totalC: 62),
        BinaryCounts(eventsE: 0, totalE: 40, eventsC: 4, totalC: 41),
        BinaryCounts(eventsE: 30, totalE: 250, eventsC: 41, totalC: 245),
        BinaryCounts(eventsE: 8, totalE: 75, eventsC: 7, totalC: 80),
        BinaryCounts(eventsE: 17, totalE: 150, eventsC: 29, totalC: 148),
    ]
    static let trials = OutcomeData.binary(counts)

    /// Eight estimates with their standard errors (published in 2004, 1998, 2010, 2001, 1998, 2015,
    /// 2007 and 2012, for the cumulative analysis).
    static let estimates = [-0.42, -0.10, -0.65, 0.12, -0.35, -0.80, -0.05, -0.28]
    static let standardErrors = [0.18, 0.25, 0.30, 0.15, 0.22, 0.40, 0.12, 0.20]
    static let generic = OutcomeData.generic(
        zip(estimates, standardErrors).map { GenericEffect(estimate: $0, standardError: $1) })
    /// The same as study effects, v = se² (as `pool` computes it, and metafor's `sei^2`).
    static let genericEffects = zip(estimates, standardErrors).map { StudyEffect(y: $0, v: $1 * $1) }

    /// Ten studies for the small-study tests: the less precise a study, the more negative its estimate.
    static let smallStudies = zip(
        [-0.10, -0.05, -0.22, -0.30, -0.45, -0.18, -0.62, -0.75, -0.40, -0.95],
        [0.08, 0.10, 0.14, 0.18, 0.22, 0.12, 0.30, 0.38, 0.26, 0.45]
    ).map { StudyEffect(y: $0, v: $1 * $1) }

    static func fixed(_ measure: EffectMeasure, _ method: PoolingMethod) -> PoolOptions {
        PoolOptions(measure: measure, method: method, model: .fixed, convention: .metafor)
    }

    static func random(_ tauMethod: TauSquaredMethod, hksj: Bool = false) -> PoolOptions {
        PoolOptions(measure: .GEN, method: .IV, model: .random, tauMethod: tauMethod, hksj: hksj, convention: .metafor)
    }

    // MARK: Mantel–Haenszel and Peto (fixed effect)

    /// `rma.mh(ai, n1i, ci, n2i, measure="OR")`: ln OR_MH from the raw counts with the
    /// Robins–Breslow–Greenland SE; Q around it over the study effects rma.mh shows, those of
    /// `escalc(add=1/2, to="only0", drop00=TRUE)`.
    @Test func mantelHaenszelOddsRatio() throws {
        let sums = Self.counts.map { MantelHaenszel($0.table) }.reduce(MantelHaenszel(), +)
        let pooled = try #require(sums.logOddsRatio)
        expectClose(pooled.y, -0.49895645519002024, relative: Tol.metaforClosedForm)
        expectClose(pooled.v.squareRoot(), 0.16295923892659292, relative: Tol.metaforClosedForm)

        let r = try MetaAnalysis.pool(Self.trials, options: Self.fixed(.OR, .MH))
        #expect(r.k == 6 && r.kAll == 6)
        expectClose(r.estimate, -0.49895645519002024, relative: Tol.metaforClosedForm)
        expectClose(r.standardError, 0.16295923892659292, relative: Tol.metaforClosedForm)
        expectClose(r.heterogeneity.q, 3.6628775414912127, relative: Tol.metaforClosedForm)
        expectClose(r.heterogeneity.pValue, 0.59889791006326354, relative: Tol.metaforClosedForm)
        expectAllClose(
            r.studies.map { $0.effect?.y },
            [
                -0.63145361155460566, -0.62482793658246827, -2.2741856184723472, -0.38788223755029771,
                0.21929821438194796, -0.64530812104048207,
            ], relative: Tol.metaforClosedForm)
        expectAllClose(
            r.studies.map { $0.effect?.v },
            [
                0.15751748251748254, 0.34816085382123119, 2.2735802469135806, 0.067170992565540627,
                0.2964811461284575, 0.10922844636947338,
            ], relative: Tol.metaforClosedForm)
    }

    /// `rma.mh(ai, n1i, ci, n2i, measure="RR")`: ln RR_MH from the raw counts with the
    /// Greenland–Robins SE; Q over the escalc study effects.
    @Test func mantelHaenszelRiskRatio() throws {
        let sums = Self.counts.map { MantelHaenszel($0.table) }.reduce(MantelHaenszel(), +)
        let pooled = try #require(sums.logRiskRatio)
        expectClose(pooled.y, -0.4300939091678575, relative: Tol.metaforClosedForm)
        expectClose(pooled.v.squareRoot(), 0.141028513371768, relative: Tol.metaforClosedForm)

        let r = try MetaAnalysis.pool(Self.trials, options: Self.fixed(.RR, .MH))
        #expect(r.k == 6)
        expectClose(r.estimate, -0.4300939091678575, relative: Tol.metaforClosedForm)
        expectClose(r.standardError, 0.141028513371768, relative: Tol.metaforClosedForm)
        expectClose(r.heterogeneity.q, 3.5381019700323706, relative: Tol.metaforClosedForm)
        expectClose(r.heterogeneity.pValue, 0.61763032152848396, relative: Tol.metaforClosedForm)
        expectAllClose(
            r.studies.map { $0.effect?.y },
            [
                -0.53102833108351, -0.55499684207912825, -2.1731270257571591, -0.33257739235967176,
                0.19806991376209382, -0.5475055062623988,
            ], relative: Tol.metaforClosedForm)
        expectAllClose(
            r.studies.map { $0.effect?.v },
            [
                0.11312925170068028, 0.27831541218637995, 2.1740224545102595, 0.04964194458271113,
                0.24202380952380947, 0.079882864609030935,
            ], relative: Tol.metaforClosedForm)
    }

    /// `rma.mh(ai, n1i, ci, n2i, measure="RD")`: RD_MH from the raw counts. metafor's SE is the
    /// Sato, Greenland & Robins (1989) one, not Greenland–Robins (1985) (RevMan's, which
    /// `convention: .revman` uses); Q over the escalc study effects (the zero-cell trial corrected).
    @Test func mantelHaenszelRiskDifference() throws {
        let sums = Self.counts.map { MantelHaenszel($0.table) }.reduce(MantelHaenszel(), +)
        let pooled = try #require(sums.riskDifference(.sato))
        expectClose(pooled.y, -0.057219688156758708, relative: Tol.metaforClosedForm)
        expectClose(pooled.v.squareRoot(), 0.018500673136156227, relative: Tol.metaforClosedForm)

        let r = try MetaAnalysis.pool(Self.trials, options: Self.fixed(.RD, .MH))
        #expect(r.k == 6)
        expectClose(r.estimate, -0.057219688156758708, relative: Tol.metaforClosedForm)
        expectClose(r.standardError, 0.018500673136156227, relative: Tol.metaforClosedForm)
        expectClose(r.heterogeneity.q, 3.8680888516591403, relative: Tol.metaforClosedForm)
        expectClose(r.heterogeneity.pValue, 0.56856010739975149, relative: Tol.metaforClosedForm)
        expectAllClose(
            r.studies.map { $0.effect?.y },
            [
                -0.084081632653061233, -0.061827956989247326, -0.094947735191637628, -0.047346938775510217,
                0.019166666666666679, -0.082612612612612615,
            ], relative: Tol.metaforClosedForm)
        expectAllClose(
            r.studies.map { $0.effect?.v },
            [
                0.0027134726517012474, 0.0032745915370911175, 0.0025715114503642418, 0.00099114261574684021,
                0.0022685653935185183, 0.0017344606030427799,
            ], relative: Tol.metaforClosedForm)
    }

    /// `rma.peto(ai, n1i, ci, n2i)`: Σ(O − E)/ΣV and 1/√ΣV from the raw counts, Peto's
    /// Q = Σ(O − E)²/V − (Σ(O − E))²/ΣV; the study effects shown are escalc's "PETO" with
    /// add=1/2, to="only0".
    @Test func petoOddsRatio() throws {
        let sums = Self.counts.map { Peto($0.table) }.reduce(Peto(), +)
        let pooled = try #require(sums.effect)
        expectClose(pooled.y, -0.49189883035571541, relative: Tol.metaforClosedForm)
        expectClose(pooled.v.squareRoot(), 0.15967464067445128, relative: Tol.metaforClosedForm)
        expectClose(sums.q, 4.5683235461764156, relative: Tol.metaforClosedForm)

        let r = try MetaAnalysis.pool(Self.trials, options: Self.fixed(.OR, .Peto))
        #expect(r.k == 6)
        expectClose(r.estimate, -0.49189883035571541, relative: Tol.metaforClosedForm)
        expectClose(r.standardError, 0.15967464067445128, relative: Tol.metaforClosedForm)
        expectClose(r.heterogeneity.q, 4.5683235461764156, relative: Tol.metaforClosedForm)
        expectClose(r.heterogeneity.pValue, 0.47079435107513329, relative: Tol.metaforClosedForm)
        expectAllClose(
            r.studies.map { $0.effect?.y },
            [
                -0.61741117531349898, -0.60364041076406649, -1.6569597069597071, -0.38459164691653985,
                0.21786111111111117, -0.63075499412455927,
            ], relative: Tol.metaforClosedForm)
        expectAllClose(
            r.studies.map { $0.effect?.v },
            [
                0.14835851057290383, 0.32019187005746141, 0.84114774114774127, 0.065645815594374865,
                0.29363888888888889, 0.10248908846734933,
            ], relative: Tol.metaforClosedForm)
    }

    // MARK: Inverse-variance random effects, one τ² estimator each

    /// The estimator alone, then the analysis: τ², θ̂, its SE, Q (the same for every estimator:
    /// 12.752194186132858) and metafor's I² = 100·τ²/(τ² + s²). θ̂ and its SE rest on τ², so they
    /// get τ²'s tolerance.
    func expectRandomEffects(
        _ method: TauSquaredMethod, tau2: Double, estimate: Double, se: Double, i2: Double, relative: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let fit = TauSquared.estimate(method, Self.genericEffects)
        #expect(fit.converged, sourceLocation: sourceLocation)
        expectClose(fit.tau2, tau2, relative: relative, "estimator", sourceLocation: sourceLocation)

        let r = try MetaAnalysis.pool(Self.generic, options: Self.random(method))
        #expect(r.k == 8, sourceLocation: sourceLocation)
        expectClose(r.tau2, tau2, relative: relative, "τ²", sourceLocation: sourceLocation)
        expectClose(r.estimate, estimate, relative: relative, "estimate", sourceLocation: sourceLocation)
        expectClose(r.standardError, se, relative: relative, "SE", sourceLocation: sourceLocation)
        expectClose(
            r.heterogeneity.q, 12.752194186132858, relative: Tol.metaforClosedForm, "Q", sourceLocation: sourceLocation)
        expectClose(r.heterogeneity.i2, i2, relative: relative, "I²", sourceLocation: sourceLocation)
    }

    /// `rma(yi, sei=sei, method="DL")`.
    @Test func randomEffectsDerSimonianLaird() throws {
        try expectRandomEffects(
            .DL, tau2: 0.03150686308844023, estimate: -0.22833417403220307, se: 0.096884094502212498,
            i2: 45.107485834774828, relative: Tol.metaforClosedForm)
    }

    /// `rma(yi, sei=sei, method="REML")` (Fisher scoring, metafor's default control).
    @Test func randomEffectsREML() throws {
        try expectRandomEffects(
            .REML, tau2: 0.03153495700292798, estimate: -0.22836009514396752, se: 0.096904818515812022,
            i2: 45.129555421002507, relative: Tol.metaforIterative)
    }

    /// `rma(yi, sei=sei, method="ML")` (Fisher scoring; metafor stops 4e-6 short of the root).
    @Test func randomEffectsML() throws {
        try expectRandomEffects(
            .ML, tau2: 0.021779148330807553, estimate: -0.21801786289512082, se: 0.089289212221202632,
            i2: 36.225707445734443, relative: Tol.metaforIterative)
    }

    /// `rma(yi, sei=sei, method="PM")` (uniroot at tol = ε^¼; metafor stops 9e-6 short of the root).
    @Test func randomEffectsPauleMandel() throws {
        try expectRandomEffects(
            .PM, tau2: 0.032414722696098831, estimate: -0.22916234998605672, se: 0.097550711558944236,
            i2: 45.811800723030004, relative: Tol.metaforIterative)
    }

    /// `rma(yi, sei=sei, method="HE")`.
    @Test func randomEffectsHedges() throws {
        try expectRandomEffects(
            .HE, tau2: 0.036451785714285707, estimate: -0.23262467959935321, se: 0.10044204096075485,
            i2: 48.736675953127012, relative: Tol.metaforClosedForm)
    }

    /// `rma(yi, sei=sei, method="SJ")`: one step from τ₀² = var(yi)·(k − 1)/k, closed form.
    @Test func randomEffectsSidikJonkman() throws {
        try expectRandomEffects(
            .SJ, tau2: 0.051814711286559421, estimate: -0.24326566856605938, se: 0.11055056821944471,
            i2: 57.472116173657184, relative: Tol.metaforClosedForm)
    }

    /// `rma(yi, sei=sei, method="EB")` (Fisher scoring towards the root PM brackets, from above;
    /// metafor's EB and PM estimates differ by 1.3e-5, relative).
    @Test func randomEffectsEmpiricalBayes() throws {
        try expectRandomEffects(
            .EB, tau2: 0.032415155678311713, estimate: -0.22916274036364953, se: 0.097551027983417915,
            i2: 45.812132317416342, relative: Tol.metaforIterative)
    }

    /// `rma(yi, sei=sei, method="REML", test="knha")`: the REML fit with the Hartung–Knapp SE,
    /// t on k − 1 = 7 df.
    @Test func hartungKnappSidikJonkman() throws {
        let r = try MetaAnalysis.pool(Self.generic, options: Self.random(.REML, hksj: true))
        expectClose(r.tau2, 0.03153495700292798, relative: Tol.metaforIterative)
        expectClose(r.estimate, -0.22836009514396752, relative: Tol.metaforIterative)
        expectClose(r.standardError, 0.097452108925161082, relative: Tol.metaforIterative)
        let statistic = try #require(r.statistic)
        guard case .t(let t, let df) = statistic else {
            Issue.record("expected a t statistic, got \(statistic)")
            return
        }
        expectClose(t, -2.3433058315786472, relative: Tol.metaforIterative)
        #expect(df == 7)
        expectClose(r.pValue, 0.051593296283218348, relative: Tol.metaforIterative)
        // The upper bound is near 0 (0.0020775249893300041): compare the half-width instead.
        let interval = try #require(r.interval)
        expectClose(interval.lower, -0.45879771527726504, relative: Tol.metaforIterative)
        expectClose((interval.upper - interval.lower) / 2, 0.23043762013329752, relative: Tol.metaforIterative)
    }

    // MARK: Small-study effects

    /// `regtest(yi, sei=sei, model="lm")`: the weighted regression yᵢ ~ seᵢ (weights 1/vᵢ);
    /// the bias coefficient's SE and interval from its `fit` (`summary()`, `confint()`), the
    /// limit estimate and its interval from `est`, `ci.lb`, `ci.ub`.
    @Test func eggerRegression() throws {
        let egger = try #require(EggerTest(Self.smallStudies))
        #expect(egger.df == 8)
        expectClose(egger.t, -10.895029754165588, relative: Tol.metaforClosedForm)
        expectClose(egger.pValue, 4.4602889017483601e-06, relative: Tol.metaforClosedForm)
        expectClose(egger.bias, -2.3069706390394713, relative: Tol.metaforClosedForm)
        expectClose(egger.biasSE, 0.21174523531314157, relative: Tol.metaforClosedForm)
        expectClose(egger.biasInterval.lower, -2.7952560272813547, relative: Tol.metaforClosedForm)
        expectClose(egger.biasInterval.upper, -1.8186852507975877, relative: Tol.metaforClosedForm)
        expectClose(egger.limitEstimate, 0.11389415062778402, relative: Tol.metaforClosedForm)
        expectClose(egger.limitInterval.lower, 0.042365969209163662, relative: Tol.metaforClosedForm)
        expectClose(egger.limitInterval.upper, 0.18542233204640438, relative: Tol.metaforClosedForm)
    }

    /// `ranktest(yi, sei=sei)`: Kendall's τ of the standardised effects and the variances, with
    /// the exact p-value (no ties): 2·P(T ≤ 2) for n = 10, 2 concordant pairs of 45.
    @Test func beggRankCorrelation() throws {
        let begg = try #require(BeggTest(Self.smallStudies))
        #expect(begg.exact)
        expectClose(begg.tau, -0.91111111111111109, relative: Tol.metaforClosedForm)
        expectClose(begg.pValue, 2.9761904761904762e-05, relative: Tol.metaforClosedForm)
    }

    /// Five studies filled on the right, mirrored around the estimate of the five trimmed
    /// studies (the same under both models below: those five have DL τ² = 0).
    static let filledOnTheRight = [
        0.13694060557356411, 0.18694060557356404, 0.35694060557356411, 0.48694060557356411, 0.68694060557356407,
    ]

    /// `trimfill(rma(yi, sei=sei, method="EE"))` and `trimfill(rma(-yi, sei=sei, method="EE"))`
    /// (estimator L0; the mirror image has its missing studies on the left).
    @Test func trimAndFillCommonEffect() throws {
        let options = PoolOptions(measure: .GEN, method: .IV, model: .fixed, convention: .metafor)
        let right = try TrimAndFill.analyze(Self.smallStudies, options: options)
        #expect(right.k0 == 5 && right.side == .right)
        expectAllClose(right.filled.map { $0.y }, Self.filledOnTheRight, relative: Tol.metaforClosedForm)
        #expect(right.result.k == 15 && right.result.tau2 == 0)
        expectClose(right.result.estimate, -0.131529697213218, relative: Tol.metaforClosedForm)
        expectClose(right.result.standardError, 0.043667025469138782, relative: Tol.metaforClosedForm)

        let left = try TrimAndFill.analyze(Self.smallStudies.map { StudyEffect(y: -$0.y, v: $0.v) }, options: options)
        #expect(left.k0 == 5 && left.side == .left)
        expectAllClose(left.filled.map { $0.y }, Self.filledOnTheRight.map { -$0 }, relative: Tol.metaforClosedForm)
        expectClose(left.result.estimate, 0.131529697213218, relative: Tol.metaforClosedForm)
        expectClose(left.result.standardError, 0.043667025469138782, relative: Tol.metaforClosedForm)
    }

    /// `trimfill(rma(yi, sei=sei, method="DL"))` and `trimfill(rma(-yi, sei=sei, method="DL"))`
    /// (estimator L0; the side from the DL meta-regression on √vᵢ).
    @Test func trimAndFillDerSimonianLaird() throws {
        let options = Self.random(.DL)
        let right = try TrimAndFill.analyze(Self.smallStudies, options: options)
        #expect(right.k0 == 5 && right.side == .right)
        expectAllClose(right.filled.map { $0.y }, Self.filledOnTheRight, relative: Tol.metaforClosedForm)
        #expect(right.result.k == 15)
        expectClose(right.result.tau2, 0.026837070467512665, relative: Tol.metaforClosedForm)
        expectClose(right.result.estimate, -0.14499451799843802, relative: Tol.metaforClosedForm)
        expectClose(right.result.standardError, 0.069812652074895343, relative: Tol.metaforClosedForm)

        let left = try TrimAndFill.analyze(Self.smallStudies.map { StudyEffect(y: -$0.y, v: $0.v) }, options: options)
        #expect(left.k0 == 5 && left.side == .left)
        expectAllClose(left.filled.map { $0.y }, Self.filledOnTheRight.map { -$0 }, relative: Tol.metaforClosedForm)
        expectClose(left.result.tau2, 0.026837070467512665, relative: Tol.metaforClosedForm)
        expectClose(left.result.estimate, 0.14499451799843802, relative: Tol.metaforClosedForm)
        expectClose(left.result.standardError, 0.069812652074895343, relative: Tol.metaforClosedForm)
    }

    // MARK: Sequences

    /// `leave1out(rma(yi, sei=sei, method="DL"))`: row i leaves out study i.
    @Test func leaveOneOutDerSimonianLaird() throws {
        let rows = try Sequences.leaveOneOut(Self.generic, options: Self.random(.DL))
        #expect(rows.map(\.k) == Array(repeating: 7, count: 8))
        let results = try rows.map { try $0.result.get() }
        expectAllClose(
            results.map(\.estimate),
            [
                -0.1944126077199913, -0.25138183300133032, -0.18712005750063895, -0.28174488469339226,
                -0.21803767017657613, -0.19342880087557862, -0.28094699951756869, -0.22980414782144307,
            ], relative: Tol.metaforClosedForm, "estimate")
        expectAllClose(
            results.map(\.standardError),
            [
                0.10422844242256318, 0.10897247095571146, 0.094801411010678877, 0.091254098012309423,
                0.10809268355292533, 0.093390782874299499, 0.11544650667111894, 0.11149847590594555,
            ], relative: Tol.metaforClosedForm, "SE")
        expectAllClose(
            results.map { $0.tau2 },
            [
                0.030674665496875062, 0.040426301741711052, 0.024216287887503209, 0.013867694796184642,
                0.037886064627736853, 0.024187598458239371, 0.041161813440319488, 0.041417797302938167,
            ], relative: Tol.metaforClosedForm, "τ²")
    }

    /// Each DerSimonian–Laird row of leave-one-out and cumulative, assembled from running sums
    /// and one pass over plain arrays, is the pool of its subset fitted from scratch — for M-H
    /// and IV, both conventions, with and without HKSJ, with rows whose τ² is 0 and a study
    /// that is not estimable.
    @Test func sequenceRowsArePoolsOfTheirSubsets() throws {
        var generator = SystemRandomNumberGenerator()
        var rows: [BinaryCounts] = (0..<23).map { _ in
            let n1 = Double(Int.random(in: 20...200, using: &generator))
            let n2 = Double(Int.random(in: 20...200, using: &generator))
            return BinaryCounts(
                eventsE: Double(Int.random(in: 1...Int(n1) / 2, using: &generator)), totalE: n1,
                eventsC: Double(Int.random(in: 1...Int(n2) / 2, using: &generator)), totalC: n2)
        }
        rows[5] = BinaryCounts(eventsE: 0, totalE: 30, eventsC: 0, totalC: 31)
        let data = OutcomeData.binary(rows)
        for (method, convention, hksj) in [
            (PoolingMethod.IV, Convention.metafor, false), (.IV, .metafor, true), (.MH, .revman, false),
            (.IV, .revman, true),
        ] {
            var options = PoolOptions(measure: .OR, method: method, model: .random, tauMethod: .DL)
            options.convention = convention
            options.hksj = hksj
            let order = Array((0..<rows.count).reversed())
            let leaveOneOut = try Sequences.leaveOneOut(data, options: options)
            let cumulative = try Sequences.cumulative(data, order: order, options: options)
            let subsets =
                (0..<rows.count).map { i in (0..<rows.count).filter { $0 != i } }
                + (0..<rows.count).map { i in Array(order[0...i]) }
            for (row, subset) in zip(leaveOneOut + cumulative, subsets) {
                let direct = try MetaAnalysis.pool(data.subset(subset), options: options)
                let result = try row.result.get()
                #expect(row.k == direct.k)
                for (a, b, what) in [
                    (result.estimate, direct.estimate, "estimate"), (result.standardError, direct.standardError, "SE"),
                    (result.tau2, direct.tau2, "τ²"), (result.pValue, direct.pValue, "p"),
                    (result.heterogeneity.i2, direct.heterogeneity.i2, "I²"),
                    (result.prediction?.lower, direct.prediction?.lower, "PI"),
                ] {
                    guard let a, let b else {
                        #expect(a == nil && b == nil, "\(what)")
                        continue
                    }
                    #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "\(what) \(method) \(convention) hksj \(hksj)")
                }
            }
        }
    }

    /// `cumul(rma(yi, sei=sei, method="DL"), order=year)`: in metafor 3.8-1 `order` is the
    /// variable to sort by, ties in file order, so the studies come in the order 1, 4, 3, 0, 6,
    /// 2, 7, 5 (0-based). The first two rows have τ² = 0: one study, then Q < df.
    @Test func cumulativeDerSimonianLaird() throws {
        let rows = try Sequences.cumulative(Self.generic, order: [1, 4, 3, 0, 6, 2, 7, 5], options: Self.random(.DL))
        #expect(rows.map(\.k) == Array(1...8))
        let results = try rows.map { try $0.result.get() }
        expectAllClose(
            results.map(\.estimate),
            [
                -0.10000000000000001, -0.24089269612263287, -0.073022832307494318, -0.17375975847631353,
                -0.13209739605446499, -0.18660575747858718, -0.1934288008755787, -0.22833417403220307,
            ], relative: Tol.metaforClosedForm, "estimate")
        expectAllClose(
            results.map(\.standardError),
            [
                0.25, 0.16515697372300611, 0.14656484371131107, 0.1421060260274086, 0.10128162659979827,
                0.10785982231710613, 0.093390782874299527, 0.096884094502212512,
            ], relative: Tol.metaforClosedForm, "SE")
        #expect(results[0].tau2 == 0 && results[1].tau2 == 0)
        expectAllClose(
            results.dropFirst(2).map { $0.tau2 },
            [
                0.024417391304347818, 0.042089405389533645, 0.020446805590574279, 0.032504250291577247,
                0.024187598458239382, 0.03150686308844023,
            ], relative: Tol.metaforClosedForm, "τ²")
    }
}
