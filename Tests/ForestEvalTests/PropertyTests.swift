import ForestEval
import ForestRender
import ForestStats
import ForestSyntax
import ForestTestSupport
import Foundation
import PropertyBased
import Testing

/// Invariants that must hold for any data (PropertyBased generates it and shrinks a failure to
/// a small case): results do not depend on the order of the studies; swapping the arms inverts
/// ratios and negates differences; rescaling generic data by c scales τ by |c| and leaves z,
/// p and I² alone, for c from 1e-95 to 1e95; `:save` then running the saved file reproduces
/// every result.
///
/// A failure prints the seed that reproduces it: add `.fixedSeed("…")` to the test to replay it.
/// Shrinking is off: each case runs whole analyses, and shrinking a double takes thousands of
/// them (minutes in a debug build) — the unshrunk case is reported instead.
@Suite("Properties")
struct PropertyTests {
    typealias Counts = (Int, Int, Int, Int)

    /// 2…12 binary studies: events and totals per arm (events ≤ totals, some zero cells).
    static let binaryStudies = zip(
        Gen.int(in: 0...40), Gen.int(in: 1...60), Gen.int(in: 0...40), Gen.int(in: 1...60)
    ).map { a, n1, c, n2 in (min(a, n1), n1, min(c, n2), n2) }.array(of: 2...12)

    /// 2…12 generic studies: estimate and standard error.
    static let genericStudies = zip(Gen.double(in: -2...2), Gen.double(in: 0.05...1)).array(of: 2...12)

    static func script(binary studies: [Counts], swapped: Bool = false, order: [Int]? = nil) -> String {
        (order ?? Array(studies.indices)).map { i in
            let (a, n1, c, n2) = studies[i]
            return swapped
                ? "study \"S\(i)\" < X: \(c)/\(n2) vs \(a)/\(n1) >" : "study \"S\(i)\" < X: \(a)/\(n1) vs \(c)/\(n2) >"
        }.joined(separator: "\n") + "\n"
    }

    static func script(generic studies: [(Double, Double)], scale c: Double = 1, order: [Int]? = nil) -> String {
        (order ?? Array(studies.indices)).map { i in
            "study \"S\(i)\" < X: \(studies[i].0 * c) se \(studies[i].1 * abs(c)) >"
        }.joined(separator: "\n") + "\n"
    }

    /// The pooled results of a script's analyses, in order (nil for one that failed).
    static func results(_ text: String) -> [PoolResult?] {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "p.forest", text: text))
        return evaluation.analyses.map { if case .pool(let p) = $0 { p.result } else { nil } }
    }

    static func close(_ a: Double?, _ b: Double?, _ rtol: Double = 1e-9, _ atol: Double = 1e-12) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return abs(a - b) <= rtol * max(abs(a), abs(b)) + atol
        default: return false
        }
    }

    static let analyses = [
        "pool X", "pool X model random", "pool X measure RR", "pool X measure RD model random",
        "pool X method Peto", "pool X model random tau REML convention metafor",
    ]

    @Test(.shrinking(false)) func resultsDoNotDependOnStudyOrder() async {
        await propertyCheck(count: 60, input: Self.binaryStudies, Gen.int(in: 0...1000)) { studies, seed in
            var generator = SplitMix(seed: UInt64(seed))
            let order = Array(studies.indices).shuffled(using: &generator)
            let pools = Self.analyses.joined(separator: "\n") + "\n"
            let a = Self.results(Self.script(binary: studies) + pools)
            let b = Self.results(Self.script(binary: studies, order: order) + pools)
            #expect(a.count == b.count)
            for (x, y) in zip(a, b) {
                // Iterative τ² stops where its absolute tolerance says: compare it more loosely.
                let rtol = x?.options.tauMethod == .REML && x?.options.model == .random ? 1e-6 : 1e-9
                #expect(Self.close(x?.estimate, y?.estimate, rtol, 1e-10), "\(studies) \(order)")
                #expect(Self.close(x?.standardError, y?.standardError, rtol, 1e-10))
                #expect(Self.close(x?.heterogeneity.q, y?.heterogeneity.q, rtol, 1e-9))
                #expect(Self.close(x?.tau2, y?.tau2, rtol, 1e-8))
            }
        }
    }

    @Test(.shrinking(false)) func swappingTheArmsInvertsRatiosAndNegatesDifferences() async {
        await propertyCheck(count: 60, input: Self.binaryStudies) { studies in
            let pools = Self.analyses.joined(separator: "\n") + "\n"
            let a = Self.results(Self.script(binary: studies) + pools)
            let b = Self.results(Self.script(binary: studies, swapped: true) + pools)
            for (x, y) in zip(a, b) {
                // OR, RR (log scale) and RD: the estimate changes sign; SE, Q and τ² do not change.
                #expect(Self.close(x?.estimate, y?.estimate.map { -$0 }, 1e-9, 1e-10), "\(studies)")
                #expect(Self.close(x?.standardError, y?.standardError, 1e-9, 1e-10))
                #expect(Self.close(x?.heterogeneity.q, y?.heterogeneity.q, 1e-9, 1e-9))
                #expect(Self.close(x?.pValue, y?.pValue, 1e-9, 1e-12))
            }
        }
    }

    /// c = ±10^e for e in [−95, 95].
    static let scales = zip(Gen.double(in: -95...95), Gen.bool()).map { e, negative in
        (negative ? -1.0 : 1.0) * pow(10, e)
    }

    @Test(.shrinking(false)) func rescalingGenericDataScalesTauAndKeepsTheTests() async {
        await propertyCheck(count: 80, input: Self.genericStudies, Self.scales) { studies, c in
            let pools = "pool X model random\npool X model random tau HE\npool X model random tau SJ\npool X\n"
            let one = Self.results(Self.script(generic: studies) + pools)
            let scaled = Self.results(Self.script(generic: studies, scale: c) + pools)
            // τ² is compared up to rounding relative to the sampling variances (a τ² of 1e-16·v
            // is zero in double precision).
            let v = studies.map { $0.1 * $0.1 }.reduce(0, +) / Double(studies.count)
            for (index, (x, y)) in zip(one, scaled).enumerated() {
                guard let x, let y else {
                    Issue.record(
                        "analysis \(index) failed at c = \(c): \(one.map { $0 != nil }) \(scaled.map { $0 != nil })")
                    continue
                }
                #expect(Self.close(x.tau2 * c * c, y.tau2, 1e-9, 1e-12 * v * c * c), "c = \(c)")
                #expect(Self.close(x.statistic?.value, y.statistic.map { $0.value * (c < 0 ? -1 : 1) }, 1e-9, 1e-12))
                #expect(Self.close(x.pValue, y.pValue, 1e-9, 1e-15))
                #expect(Self.close(x.heterogeneity.i2, y.heterogeneity.i2, 1e-9, 1e-9))
                #expect(Self.close(x.heterogeneity.q, y.heterogeneity.q, 1e-9, 1e-9))
            }
        }
    }

    @Test(.shrinking(false)) func iterativeEstimatorsAreScaleFreeOutsideTheOrdinaryRange() async {
        // Beyond 2^±40 (EffectScale) the iterative estimators run on rescaled data; compare the
        // extremes with each other (c and 10·c): τ scales, the tests do not move.
        let extremes = zip(Gen.double(in: 20...90), Gen.bool()).map { e, negative in
            (negative ? -1.0 : 1.0) * pow(10, e)
        }
        await propertyCheck(count: 25, input: Self.genericStudies, extremes) { studies, c in
            let pools = "pool X model random tau REML\npool X model random tau ML\npool X model random tau PM\n"
            let a = Self.results(Self.script(generic: studies, scale: c) + pools)
            let b = Self.results(Self.script(generic: studies, scale: c / 10) + pools)
            let v = studies.map { $0.1 * $0.1 }.reduce(0, +) / Double(studies.count) * c * c
            for (index, (x, y)) in zip(a, b).enumerated() {
                guard let x, let y else {
                    Issue.record("analysis \(index) failed at c = \(c)")
                    continue
                }
                // ML and REML take τ² = 0 when the likelihood there is as high as at the
                // maximum (metafor's check): where the two are level to rounding, the choice may
                // differ between scales, and there is nothing to compare.
                if x.tauFit?.leftLocalMaximum == true || y.tauFit?.leftLocalMaximum == true { continue }
                // Up to the estimators' own tolerances on the rescaled τ², whose scale is v
                // (Fisher scoring: a step of 1e-5; Paule–Mandel: Brent's ε^¼ ≈ 1.2e-4).
                // The test statistic, not p: a p near 1e-8 moves by 0.2% when z moves by 0.01%;
                // and a z near 0 moves by as much in absolute terms (1e-3).
                #expect(Self.close(x.tau2, y.tau2 * 100, 1e-3, 1e-3 * v), "c = \(c)")
                #expect(Self.close(x.statistic?.value, y.statistic?.value, 1e-3, 1e-3), "c = \(c)")
            }
        }
    }

    @Test(.shrinking(false)) func savingAndRunningTheSavedFileReproducesEveryResult() async {
        await propertyCheck(count: 40, input: Self.binaryStudies) { studies in
            let script =
                "review \"Property \\\"quoted\\\" title\"\noutcome X label \"Deaths\"\n"
                + studies.enumerated().map { i, s in
                    "study \"Trial \(i) Müller\" year \(1990 + i) < X: \(s.0)/\(s.1) vs \(s.2)/\(s.3) >"
                }.joined(separator: "\n") + "\n" + Self.analyses.joined(separator: "\n")
                + "\ncumulative X\nsensitivity X leave-one-out model random\n"
            var session = Session()
            let first = session.evaluate(SourceFile(name: "a.forest", text: script))
            let saved = ScriptFormatter.session(session.log, header: "saved")
            var again = Session()
            let second = again.evaluate(SourceFile(name: "b.forest", text: saved))
            // The same warnings (a local maximum, say), and no error: a statement that failed
            // (every study double-zero, say) is not saved, so its error does not come back.
            #expect(!second.hasErrors, "\(second.diagnostics.map(\.message))")
            #expect(
                second.diagnostics.map(\.message)
                    == first.diagnostics.filter { $0.severity == .warning }.map(\.message))
            #expect(
                JSONReport.document(first.analyses).serialized() == JSONReport.document(second.analyses).serialized())
            #expect(again.title?.value == session.title?.value)
        }
    }
}
