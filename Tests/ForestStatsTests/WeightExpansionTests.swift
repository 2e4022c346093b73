import ForestTestSupport
import Testing

@testable import ForestStats

/// The series behind linear-time DerSimonian–Laird leave-one-out and cumulative rows: within its
/// bound where it answers, silent where it cannot, and rows equal to the directly summed ones.
@Suite("Weight expansion")
struct WeightExpansionTests {
    /// k generic effects from a random-effects model (τ = 0.3) with variances 0.01 … 0.2.
    static func effects(_ k: Int, seed: UInt64) -> [GenericEffect] {
        var stream = SplitMix(seed: seed)
        return (0..<k).map { _ in
            let v = Double.random(in: 0.01...0.2, using: &stream)
            let spread = (v + 0.09).squareRoot()
            let y = 0.3 + spread * (Double.random(in: -1.7...1.7, using: &stream))
            return GenericEffect(estimate: y, standardError: v.squareRoot())
        }
    }

    @Test func sumsAreWithinTheBoundOrNotGiven() throws {
        var stream = SplitMix(seed: 7)
        let studies = (0..<500).map { _ in
            (d: Double.random(in: -2...2, using: &stream), v: Double.random(in: 0.01...1, using: &stream))
        }
        var expansion = WeightExpansion(center: 0.1)
        for s in studies { expansion.add(d: s.d, v: s.v) }
        expansion.add(d: 0, v: .infinity)
        let absolute = studies.reduce(SIMD4<Double>()) { $0 + SIMD4(1, abs($1.d), $1.d * $1.d, 0) / ($1.v + 0.1) }
        for t in [0.1, 0.1001, 0.103, 0.09, 0.108] {
            let sums = try #require(expansion.sums(at: t), "t = \(t)")
            let direct = studies.reduce(SIMD4<Double>()) { $0 + SIMD4(1, $1.d, $1.d * $1.d, 0) / ($1.v + t) }
            for (lane, value) in [sums.w, sums.wd, sums.wdd].enumerated() {
                #expect(abs(value - direct[lane]) <= 1e-13 * absolute[lane], "t = \(t), lane \(lane)")
            }
        }
        // r = |c − t|/min(vᵢ + c) ≥ 0.5, or more than 16 terms needed: the caller sums directly.
        #expect(expansion.sums(at: 0.5) == nil)
        #expect(expansion.sums(at: 0.12) == nil)
        #expect(expansion.sums(at: 0) == nil)
        #expect(expansion.reaches(0.10001))
    }

    /// Every sum Fisher scoring takes, and the logarithms, against direct sums.
    @Test func powerSumsAreWithinTheBound() throws {
        var stream = SplitMix(seed: 3)
        let studies = (0..<400).map { _ in
            (d: Double.random(in: -1...1, using: &stream), v: Double.random(in: 0.02...0.5, using: &stream))
        }
        var expansion = WeightExpansion(center: 0.08, order: 24, logs: true)
        for s in studies { expansion.add(d: s.d, v: s.v) }
        for t in [0.08, 0.081, 0.07, 0.095] {
            let sums = try #require(expansion.powerSums(at: t), "t = \(t)")
            let direct = studies.reduce(
                PowerSums(count: 0, w: 0, wd: 0, wdd: 0, w2: 0, w2d: 0, w2dd: 0, w3: 0, logV: 0)
            ) {
                var s = $0
                let one = PowerSums(d: $1.d, v: $1.v, tau2: t)
                (s.w, s.wd, s.wdd, s.w2, s.w2d, s.w2dd, s.w3, s.logV) = (
                    s.w + one.w, s.wd + one.wd, s.wdd + one.wdd, s.w2 + one.w2, s.w2d + one.w2d, s.w2dd + one.w2dd,
                    s.w3 + one.w3, s.logV + one.logV
                )
                return s
            }
            for (a, b) in [
                (sums.w, direct.w), (sums.wd, direct.wd), (sums.wdd, direct.wdd), (sums.w2, direct.w2),
                (sums.w2d, direct.w2d), (sums.w2dd, direct.w2dd), (sums.w3, direct.w3), (sums.logV, direct.logV),
            ] {
                #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "t = \(t)")
            }
        }
        #expect(expansion.powerSums(at: 0.5) == nil)
        #expect(WeightExpansion(center: 0.08).powerSums(at: 0.08) == nil)  // logarithms not kept
    }

    /// Leave-one-out (by study and by pairs of rows) and cumulative rows from the expansions
    /// equal the rows summed directly — DerSimonian–Laird, and ML, REML and EB with the same
    /// Fisher-scoring iterations — under both conventions, with and without HKSJ; and the full
    /// data's expansion reaches every leave-one-out row's τ², so these rows are O(1).
    @Test func expandedRowsEqualDirectlySummedOnes() throws {
        let data = OutcomeData.generic(Self.effects(300, seed: 11))
        for (tauMethod, convention, hksj) in [
            (TauSquaredMethod.DL, Convention.metafor, false), (.DL, .metafor, true), (.DL, .revman, false),
            (.DL, .revman, true), (.REML, .metafor, false), (.REML, .metafor, true), (.ML, .metafor, false),
            (.EB, .revman, true),
        ] {
            var options = PoolOptions(measure: .GEN, method: .IV, model: .random, tauMethod: tauMethod)
            options.convention = convention
            options.hksj = hksj
            let fit = try MetaAnalysisFit(data, options: options)
            try Self.expectExpandedRowsAreDirect(fit, pairs: true, "\(tauMethod) \(convention) hksj \(hksj)")
            let tau2 = fit.result.tau2
            var expansion = WeightExpansion(center: tau2)
            for effect in fit.effects { expansion.add(d: effect?.y ?? 0, v: effect?.v ?? .infinity) }
            let rows = try Sequences.leaveOneOut(fit)
            #expect(try rows.allSatisfy { expansion.reaches(try $0.result.get().tau2) })
        }
    }

    /// Rows at the edges: homogeneous binary data (τ² = 0 in many rows, the likelihood's check
    /// at 0 deciding some), a study without an estimate (both arms without events), and an
    /// outlier whose omission moves τ² beyond any expansion's reach (that row sums directly).
    @Test func edgeRowsEqualDirectlySummedOnes() throws {
        var stream = SplitMix(seed: 5)
        var counts: [BinaryCounts] = (0..<299).map { _ in
            let n1 = Double(Int.random(in: 50...200, using: &stream))
            let n2 = Double(Int.random(in: 50...200, using: &stream))
            return BinaryCounts(
                eventsE: (n1 * Double.random(in: 0.15...0.25, using: &stream)).rounded(), totalE: n1,
                eventsC: (n2 * Double.random(in: 0.15...0.25, using: &stream)).rounded(), totalC: n2)
        }
        counts[17] = BinaryCounts(eventsE: 0, totalE: 30, eventsC: 0, totalC: 31)
        let homogeneous = OutcomeData.binary(counts)
        let outlying = OutcomeData.binary(counts + [BinaryCounts(eventsE: 390, totalE: 400, eventsC: 10, totalC: 400)])
        for (data, tauMethod, hksj) in [
            (homogeneous, TauSquaredMethod.REML, false), (homogeneous, .ML, true), (homogeneous, .DL, false),
            (outlying, .REML, true), (outlying, .DL, false), (outlying, .EB, false),
        ] {
            var options = PoolOptions(measure: .OR, method: .IV, model: .random, tauMethod: tauMethod)
            options.convention = .metafor
            options.hksj = hksj
            let fit = try MetaAnalysisFit(data, options: options)
            try Self.expectExpandedRowsAreDirect(fit, pairs: false, "\(tauMethod) hksj \(hksj) k \(data.count)")
        }
    }

    /// The numbers a row shows.
    static func numbers(_ row: Sequences.Row) throws -> [Double] {
        let r = try row.result.get()
        return [
            r.estimate ?? 0, r.standardError ?? 0, r.tau2, r.pValue ?? 0, r.interval?.lower ?? 0,
            r.interval?.upper ?? 0,
            r.prediction?.lower ?? 0, r.heterogeneity.i2 ?? 0,
        ]
    }

    /// Leave-one-out (and, with `pairs`, leaving out consecutive pairs of rows) and cumulative
    /// rows in reverse order, from the expansions and summed directly: the same.
    static func expectExpandedRowsAreDirect(_ fit: MetaAnalysisFit, pairs: Bool, _ what: String) throws {
        let n = fit.data.count
        try expectSame(Sequences.leaveOneOut(fit, largeFrom: 0), Sequences.leaveOneOut(fit, largeFrom: .max), what)
        if pairs {
            let groups = stride(from: 0, to: n - 1, by: 2).map { $0..<($0 + 2) }
            try expectSame(
                Sequences.leaveOneOut(fit, groups: groups, largeFrom: 0),
                Sequences.leaveOneOut(fit, groups: groups, largeFrom: .max), what)
        }
        let order = Array((0..<n).reversed())
        try expectSame(
            Sequences.cumulative(fit, order: order, largeFrom: 0),
            Sequences.cumulative(fit, order: order, largeFrom: .max), what)
    }

    static func expectSame(_ expanded: [Sequences.Row], _ direct: [Sequences.Row], _ what: String) throws {
        #expect(expanded.count == direct.count)
        for (a, b) in zip(expanded, direct) {
            #expect(a.k == b.k)
            let (x, y) = (try a.result.get(), try b.result.get())
            #expect(x.tauFit?.iterations == y.tauFit?.iterations, "\(what)")
            for (p, q) in zip(try numbers(a), try numbers(b)) {
                #expect(abs(p - q) <= 1e-12 * max(1, abs(q)), "\(what)")
            }
        }
    }
}
