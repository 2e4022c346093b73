import ForestStats
import Foundation
import Testing

/// Numerical edge cases handled on purpose. Expected values are worked by hand from the
/// formulas, or computed with R 4.2.2 / metafor 3.8-1 where noted.
@Suite("Edge cases")
struct EdgeCaseTests {
    func binary(_ rows: [(Double, Double, Double, Double)]) -> OutcomeData {
        .binary(rows.map { BinaryCounts(eventsE: $0.0, totalE: $0.1, eventsC: $0.2, totalC: $0.3) })
    }

    func generic(_ y: [Double], _ se: [Double]) -> OutcomeData {
        .generic(zip(y, se).map { GenericEffect(estimate: $0, standardError: $1) })
    }

    /// Kendall's τ from Knight's O(n log n) pair counts equals the all-pairs definition, with
    /// ties in x, in y and in both (values drawn from a few levels), for n from 2 to 80.
    @Test func kendallTauMatchesTheAllPairsDefinition() throws {
        var generator = SystemRandomNumberGenerator()
        for n in 2...80 {
            let levels = Int.random(in: 2...12, using: &generator)
            let x = (0..<n).map { _ in Double(Int.random(in: 0..<levels, using: &generator)) / 4 }
            let y = (0..<n).map { _ in Double(Int.random(in: 0..<levels, using: &generator)) - 3 }
            var s = 0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let product = (x[i] - x[j]) * (y[i] - y[j])
                    s += product > 0 ? 1 : product < 0 ? -1 : 0
                }
            }
            guard let kendall = KendallTau(x, y) else { continue }
            let pairs = Double(n * (n - 1) / 2)
            let tiesX = Dictionary(grouping: x, by: { $0 }).values.reduce(0.0) {
                $0 + Double($1.count * ($1.count - 1) / 2)
            }
            let tiesY = Dictionary(grouping: y, by: { $0 }).values.reduce(0.0) {
                $0 + Double($1.count * ($1.count - 1) / 2)
            }
            #expect(kendall.tau == Double(s) / ((pairs - tiesX) * (pairs - tiesY)).squareRoot(), "n = \(n)")
        }
    }

    /// Begg's test over 200,000 studies counts pairs in O(k log k) (all pairs took minutes).
    @Test func beggsTestOnManyStudiesIsFast() throws {
        let effects = (0..<200_000).map { i in
            StudyEffect(y: sin(Double(i)) / 3, v: 0.01 + Double((i * 7919) % 1000) / 10_000)
        }
        let start = ContinuousClock.now
        let begg = try #require(BeggTest(effects))
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(abs(begg.tau) < 0.05 && !begg.exact)
    }

    @Test func zeroCellGetsHalfAddedToEveryCell() throws {
        // 0/10 vs 3/10: RevMan adds 0.5 to a, b, c, d → OR = (0.5·7.5)/(10.5·3.5).
        let result = try MetaAnalysis.pool(binary([(0, 10, 3, 10)]), options: PoolOptions(measure: .OR, method: .MH))
        expectClose(result.estimate, log(0.5 * 7.5 / (10.5 * 3.5)), relative: Tol.closedForm)
        expectClose(
            result.standardError, (1 / 0.5 + 1 / 10.5 + 1 / 3.5 + 1 / 7.5).squareRoot(), relative: Tol.closedForm)
        #expect(result.notes.contains(.continuityCorrected(count: 1)))
    }

    @Test func doubleZeroStudyIsNotEstimableForRatiosButKeptForRD() throws {
        let data = binary([(0, 20, 0, 20), (3, 20, 6, 20)])
        let or = try MetaAnalysis.pool(data, options: PoolOptions(measure: .OR, method: .MH))
        #expect(or.k == 1 && or.kAll == 2)
        #expect(or.studies[0].effect == nil && or.studies[0].weightPercent == 0)
        #expect(or.notes.contains(.notEstimable(count: 1)))
        let rd = try MetaAnalysis.pool(data, options: PoolOptions(measure: .RD, method: .MH))
        #expect(rd.k == 2)
        #expect(rd.studies[0].effect?.y == 0)
    }

    @Test func onlyDoubleZeroStudiesIsAnError() {
        #expect(throws: PoolError.noEstimableStudy(total: 2)) {
            try MetaAnalysis.pool(
                binary([(0, 20, 0, 20), (0, 5, 0, 6)]), options: PoolOptions(measure: .RR, method: .MH))
        }
    }

    @Test func singleStudyHasNoHeterogeneity() throws {
        for convention in Convention.allCases {
            let r = try MetaAnalysis.pool(
                generic([0.3], [0.1]),
                options: PoolOptions(
                    measure: .GEN, method: .IV, model: .random, tauMethod: .REML, convention: convention))
            #expect(r.tau2 == 0)
            #expect(r.heterogeneity.q == 0 && r.heterogeneity.df == 0)
            #expect(r.heterogeneity.pValue == (convention == .metafor ? 1 : nil))
            #expect(r.heterogeneity.i2 == (convention == .metafor ? 0 : nil))
            expectClose(r.estimate, 0.3, relative: 1e-15)
        }
    }

    @Test(arguments: TauSquaredMethod.allCases)
    func homogeneousEstimatesGiveTauSquaredZero(_ method: TauSquaredMethod) throws {
        // metafor 3.8-1: all estimators give τ² = 0 here except SJ (1.6806705367262304e-07),
        // which is positive by construction.
        let r = try MetaAnalysis.pool(
            generic([0.1, 0.12, 0.09, 0.11, 0.1], [0.2, 0.3, 0.25, 0.4, 0.22]),
            options: PoolOptions(measure: .GEN, method: .IV, model: .random, tauMethod: method, convention: .metafor))
        if method == .SJ {
            expectClose(r.tau2, 1.6806705367262304e-07, relative: 1e-6)
        } else {
            #expect(r.tau2 == 0)
            #expect(r.heterogeneity.i2 == 0)
        }
        expectClose(r.heterogeneity.q, 0.006472593188678202, relative: Tol.closedForm)
    }

    @Test func allEqualEstimates() throws {
        let r = try MetaAnalysis.pool(
            generic([0.5, 0.5, 0.5], [0.1, 0.2, 0.3]),
            options: PoolOptions(measure: .GEN, method: .IV, model: .random, tauMethod: .PM, convention: .metafor))
        #expect(r.tau2 == 0)
        #expect(r.heterogeneity.q == 0)
        expectClose(r.estimate, 0.5, relative: 1e-15)
    }

    @Test(arguments: [
        (TauSquaredMethod.DL, 0.0), (.REML, 0.016685180088168296), (.SJ, 0.0092607864770341709), (.PM, 0), (.EB, 0),
    ])
    func tinyAndHugeVariancesTogether(_ method: TauSquaredMethod, _ tau2: Double) throws {
        // Sampling variances from 1e-8 to 9e6 (metafor warns "ratio … extremely large").
        let r = try MetaAnalysis.pool(
            generic([0.1, -0.2, 0.3, 0.05], [1e-4, 0.2, 3e3, 0.5]),
            options: PoolOptions(measure: .GEN, method: .IV, model: .random, tauMethod: method, convention: .metafor))
        if tau2 == 0 { #expect(r.tau2 == 0) } else { expectClose(r.tau2, tau2, relative: 1e-6) }
        #expect(r.estimate?.isFinite == true && r.standardError?.isFinite == true)
    }

    @Test func hugeCounts() throws {
        // metafor: rma.mh(ai=c(123456, 5000), n1i=c(1e9, 2e8), ci=c(234567, 6100), n2i=c(1e9, 2e8))
        let r = try MetaAnalysis.pool(
            binary([(123456, 1e9, 234567, 1e9), (5000, 2e8, 6100, 2e8)]),
            options: PoolOptions(measure: .OR, method: .MH, convention: .metafor))
        expectClose(r.estimate, -0.62793348380265113, relative: Tol.closedForm)
        expectClose(r.standardError, 0.0034556854367993905, relative: Tol.closedForm)
        expectClose(r.heterogeneity.q, 521.79437955137462, relative: 1e-8)
        #expect(r.pValue == 0)
    }

    @Test func pValueUnderflowIsZeroNotNaN() throws {
        // z = 148.5: the p-value is below the smallest double (R: 0).
        let r = try MetaAnalysis.pool(generic([10, 11], [0.1, 0.1]), options: PoolOptions(measure: .GEN, method: .IV))
        #expect(r.pValue == 0)
        expectClose(r.statistic?.value, 148.49242404917493, relative: Tol.closedForm)
    }

    @Test func aStudyWhoseVarianceUnderflowsIsRejectedNotWeightedInfinitely() {
        // se = 1e-200: the variance 1e-400 is 0 in double precision.
        #expect(throws: PoolError.degenerateStudy(index: 0)) {
            try MetaAnalysis.pool(
                generic([0.5, 0.2], [1e-200, 0.1]), options: PoolOptions(measure: .GEN, method: .IV))
        }
        #expect(throws: PoolError.degenerateStudy(index: 0)) {
            try Sequences.leaveOneOut(
                generic([0.5, 0.2], [1e-200, 0.1]), options: PoolOptions(measure: .GEN, method: .IV))
        }
    }

    @Test func invalidCombinationsAreRejected() {
        #expect(throws: PoolError.self) {
            try MetaAnalysis.pool(generic([1], [1]), options: PoolOptions(measure: .OR, method: .MH))
        }
        #expect(throws: PoolError.self) {
            try MetaAnalysis.pool(binary([(1, 2, 1, 2)]), options: PoolOptions(measure: .RR, method: .Peto))
        }
        #expect(throws: PoolError.self) {
            try MetaAnalysis.pool(
                binary([(1, 2, 1, 2)]), options: PoolOptions(measure: .OR, method: .Peto, model: .random))
        }
    }

    @Test func mantelHaenszelUndefinedUnderMetaforIsNilNotNaN() throws {
        // One study with no events in the experimental arm: Σ a·d/N = 0, so the M-H OR is undefined.
        let r = try MetaAnalysis.pool(
            binary([(0, 116, 3, 117)]), options: PoolOptions(measure: .OR, method: .MH, convention: .metafor))
        #expect(r.estimate == nil && r.pValue == nil)
        #expect(r.notes.contains(.estimateUndefined))
        #expect(r.heterogeneity.q == 0)
    }

    @Test func levelChangesTheIntervals() throws {
        let data = generic([0.2, 0.4], [0.1, 0.2])
        let r90 = try MetaAnalysis.pool(data, options: PoolOptions(measure: .GEN, method: .IV, level: 90))
        let se = try #require(r90.standardError), estimate = try #require(r90.estimate)
        expectClose(r90.interval?.upper, estimate + 1.6448536269514722 * se, relative: 1e-14)
    }
}

/// Q-profile intervals against metafor 3.8-1's confint() (dat.bcg, log risk ratios).
@Suite("Q-profile intervals")
struct QProfileTests {
    static let bcg: [(Double, Double, Double, Double)] = [
        (4, 123, 11, 139), (6, 306, 29, 303), (3, 231, 11, 220), (62, 13598, 248, 12867), (33, 5069, 47, 5808),
        (180, 1541, 372, 1451), (8, 2545, 10, 629), (505, 88391, 499, 88391), (29, 7499, 45, 7277),
        (17, 1716, 65, 1665), (186, 50634, 141, 27338), (5, 2498, 3, 2341), (27, 16913, 29, 17854),
    ]

    func pool(_ rows: [(Double, Double, Double, Double)], _ method: TauSquaredMethod) throws -> PoolResult {
        try MetaAnalysis.pool(
            .binary(rows.map { BinaryCounts(eventsE: $0.0, totalE: $0.1, eventsC: $0.2, totalC: $0.3) }),
            options: PoolOptions(measure: .RR, method: .IV, model: .random, tauMethod: method, convention: .metafor))
    }

    @Test func bcgREML() throws {
        // confint(rma(yi, vi, data=escalc("RR", …dat.bcg), method="REML"))
        let result = try pool(Self.bcg, .REML)
        // The point estimates confint() prints beside the bounds: τ², I² and H² of the fit.
        expectClose(result.tau2, 0.313243325980895, relative: 1e-6)
        expectClose(result.heterogeneity.i2, 92.221386074965551, relative: 1e-6)
        expectClose(result.heterogeneity.h2, 12.855760803112140, relative: 1e-6)
        let ci = try #require(result.heterogeneityIntervals)
        let i2 = try #require(ci.i2), h2 = try #require(ci.h2)
        expectClose(ci.tau2.lower, 0.119695312816638, relative: 1e-9)
        expectClose(ci.tau2.upper, 1.11148626221544, relative: 1e-9)
        expectClose(i2.lower, 81.917722721504930, relative: 1e-9)
        expectClose(i2.upper, 97.67808960506866, relative: 1e-9)
        expectClose(h2.lower, 5.530276881603192, relative: 1e-9)
        expectClose(h2.upper, 43.06798411269314, relative: 1e-9)
    }

    @Test func lowerBoundAtZero() throws {
        // The first three BCG trials: confint gives τ² ∈ [0, 4.66950758022536], I² ∈ [0, 93.98839956325573].
        let ci = try #require(try pool(Array(Self.bcg.prefix(3)), .REML).heterogeneityIntervals)
        let i2 = try #require(ci.i2), h2 = try #require(ci.h2)
        #expect(ci.tau2.lower == 0 && i2.lower == 0 && h2.lower == 1)
        expectClose(ci.tau2.upper, 4.66950758022536, relative: 1e-9)
        expectClose(i2.upper, 93.98839956325573, relative: 1e-9)
    }

    @Test func homogeneousGivesTheNullInterval() {
        let effects = zip([0.1, 0.12, 0.09, 0.11, 0.1], [0.2, 0.3, 0.25, 0.4, 0.22]).map {
            StudyEffect(y: $0, v: $1 * $1)
        }
        let ci = QProfile.intervals(effects, tau2: 0, level: 95)
        #expect(ci?.tau2 == Interval(lower: 0, upper: 0))
        #expect(QProfile.intervals(Array(effects.prefix(1)), tau2: 0, level: 95) == nil)
    }
}
