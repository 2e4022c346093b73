import ForestEval
import ForestRender
import ForestStats
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// Fail-safe N against metafor 3.8-1's `fsn()` on dat.bcg, computed with R on this machine:
///   dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
///   fsn(yi, vi, data = dat); fsn(yi, vi, data = dat, type = "Rosenberg")
@Suite("Fail-safe N")
struct FailSafeTests {
    static func test(_ statement: String) throws -> FailSafeN {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "f", text: MetaRegressionTests.bcg + "\n" + statement))
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
        for case .bias(let b) in evaluation.analyses {
            if case .failSafeN(let f) = b.test { return f }
        }
        throw CancellationError()
    }

    @Test func rosenthalAsMetafor() throws {
        let rr = try Self.test("bias TB rosenthal measure RR convention metafor")
        #expect(rr.n == 598 && abs(rr.pValue! - 8.813956896261146e-30) < 1e-9 * 8.8e-30)
        #expect(try Self.test("bias TB rosenthal measure OR").n == 607)
    }

    @Test func rosenbergAsMetafor() throws {
        let f = try Self.test("bias TB rosenberg measure RR convention metafor")
        #expect(f.n == 370 && abs(f.pValue! - 2.2886293069731579e-26) < 1e-9 * 2.3e-26)
        #expect(abs(f.meanEffect! + 0.43028516365409103) < 1e-12)
    }

    /// The rounding: up to a whole study, unless within 1.5e-8 of one; never below 0.
    @Test func roundingAndNoEffect() throws {
        let none = try #require(
            FailSafeN([StudyEffect(y: 0.01, v: 1), StudyEffect(y: -0.02, v: 1)], method: .rosenthal))
        #expect(none.n == 0)
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(
                name: "g",
                text:
                    "study \"A\" < Y: 0.01 se 1 >\nstudy \"B\" < Y: -0.02 se 1 >\nstudy \"C\" < Y: 0.0 se 2 >\nbias Y rosenthal"
            ))
        let text = TextReport().render(evaluation.analyses)
        #expect(text.contains("Fail-safe N = 0"))
    }
}

/// Peters' test against metafor 3.8-1's `regtest(model = "lm", predictor = "ninv")` on dat.bcg
/// (R on this machine; ni = tpos + tneg + cpos + cneg):
///   RR: coefficient −565.95425422139567 (SE 390.72568013022396), t −1.4484695606205618,
///       p 0.17538436544450128, limit estimate −0.34906642732984466
///   OR: −623.73338913894918 (SE 422.18927158194111), t −1.4773785861536066, p 0.16762387572886106,
///       limit −0.35726811410952519
@Suite("Peters' test")
struct PetersTests {
    static func test(_ measure: String) throws -> EggerTest {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(
                name: "p", text: MetaRegressionTests.bcg + "\nbias TB peters measure \(measure) convention metafor"))
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
        for case .bias(let b) in evaluation.analyses {
            if case .peters(let e) = b.test { return e }
        }
        throw CancellationError()
    }

    @Test func asMetafor() throws {
        for (measure, want) in [
            (
                "RR",
                [
                    -565.95425422139567, 390.72568013022396, -1.4484695606205618, 0.17538436544450128,
                    -0.34906642732984466,
                ]
            ),
            (
                "OR",
                [
                    -623.73338913894918, 422.18927158194111, -1.4773785861536066, 0.16762387572886106,
                    -0.35726811410952519,
                ]
            ),
        ] {
            let e = try Self.test(measure)
            for (got, expected) in zip([e.bias, e.biasSE, e.t, e.pValue, e.limitEstimate], want) {
                #expect(abs(got - expected) <= 1e-9 * abs(expected), "\(measure): \(got) vs \(expected)")
            }
            #expect(e.df == 11)
        }
    }

    @Test func genericDataHaveNoSizes() {
        var session = Session()
        let diagnostics = session.evaluate(
            SourceFile(
                name: "g",
                text:
                    "study \"A\" < Y: 0.1 se 0.2 >\nstudy \"B\" < Y: 0.3 se 0.1 >\nstudy \"C\" < Y: 0.2 se 0.3 >\nbias Y peters"
            )
        ).diagnostics
        #expect(diagnostics.map(\.id).contains(.incompatibleOption))
        #expect(
            diagnostics.first { $0.severity == .error }?.message
                == "Peters' test regresses on 1/N: it needs each study's size")
    }
}

/// Trim-and-fill's estimator and side against metafor 3.8-1 on dat.bcg (R on this machine):
///   trimfill(rma(yi, vi, method = "FE"), estimator = "R0"): k0 4, right, −0.29102599210635310
///   trimfill(rma(yi, vi, method = "FE"), side = "left"): k0 0, −0.43028516365409092
///   trimfill(rma(yi, vi, method = "REML"), estimator = "R0", side = "right"): k0 0,
///     −0.71453234836510149, τ² 0.31324332598089488
@Suite("Trim-and-fill options")
struct TrimAndFillOptionTests {
    static func result(_ options: String) throws -> TrimAndFillResult {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(
                name: "t", text: MetaRegressionTests.bcg + "\nbias TB trimfill measure RR convention metafor " + options
            ))
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
        for case .bias(let b) in evaluation.analyses {
            if case .trimAndFill(let t) = b.test { return t }
        }
        throw CancellationError()
    }

    @Test func asMetafor() throws {
        let r0 = try Self.result("estimator R0")
        #expect(r0.k0 == 4 && r0.side == .right && r0.estimator == .R0 && !r0.sideGiven)
        #expect(abs(r0.result.estimate! + 0.29102599210635310) < 1e-12)
        let left = try Self.result("side left")
        #expect(left.k0 == 0 && left.side == .left && left.sideGiven)
        #expect(abs(left.result.estimate! + 0.43028516365409092) < 1e-12)
        let reml = try Self.result("model random tau REML estimator R0 side right")
        #expect(reml.k0 == 0 && abs(reml.result.estimate! + 0.71453234836510149) < 1e-7)
        #expect(abs(reml.result.tau2 - 0.31324332598089488) < 1e-7)
    }

    @Test func onlyForTrimAndFill() {
        var session = Session()
        let diagnostics = session.evaluate(
            SourceFile(name: "u", text: MetaRegressionTests.bcg + "\nbias TB egger estimator R0")
        ).diagnostics
        #expect(diagnostics.map(\.id) == [.incompatibleOption])
        #expect(diagnostics.first?.message == "`estimator` applies to trim-and-fill only")
    }
}

/// Orwin's fail-safe N against metafor 3.8-1 on dat.bcg (R on this machine), log risk ratios:
///   fsn(yi, vi, data = dat, type = "Orwin"): 13, mean −0.74065038121093618, target −0.37032519060546809
///   fsn(…, target = log(0.9)): 79;  fsn(…, target = −0.3): 20
@Suite("Orwin's fail-safe N")
struct OrwinTests {
    static func diagnostics(_ statement: String) -> [Diagnostic] {
        var session = Session()
        return session.evaluate(SourceFile(name: "o", text: MetaRegressionTests.bcg + "\n" + statement)).diagnostics
    }

    @Test func asMetafor() throws {
        let half = try FailSafeTests.test("bias TB orwin measure RR convention metafor")
        #expect(half.n == 13 && half.method == .orwin && half.pValue == nil && half.alpha == nil)
        #expect(abs(half.meanEffect! + 0.74065038121093618) < 1e-14)
        #expect(abs(half.target! + 0.37032519060546809) < 1e-14)
        #expect(try FailSafeTests.test("bias TB orwin measure RR convention metafor target 0.9").n == 79)
        let given = try FailSafeTests.test("bias TB orwin measure RR convention metafor target \(exp(-0.3))")
        #expect(given.n == 20)
    }

    @Test func textNamesTheTarget() {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: "o", text: MetaRegressionTests.bcg + "\nbias TB orwin measure RR target 0.9"))
        let text = TextReport().render(evaluation.analyses)
        #expect(text.contains("Fail-safe N = 79 (unweighted mean effect 0.48, target 0.90)"))
    }

    /// The target is written on the scale shown: for logit proportions a proportion. metafor 3.8-1
    /// on dat.pritz1997: fsn(yi, vi, data = escalc("PLO", xi = xi, ni = ni, data = dat.pritz1997),
    /// type = "Orwin", target = qlogis(0.6)): 39, mean 1.516841.
    @Test func aProportionTarget() throws {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: "p", text: DataFormsTests.proportions + "\nbias P orwin target 0.6"))
        var found: FailSafeN?
        for case .bias(let b) in evaluation.analyses {
            if case .failSafeN(let f) = b.test { found = f }
        }
        let f = try #require(found)
        #expect(f.n == 39 && abs(f.target! - log(0.6 / 0.4)) < 1e-15 && abs(f.meanEffect! - 1.516841) < 1e-6)
        let outside = Self.diagnostics("bias TB orwin measure RR target 0")
        #expect(outside.first?.message == "a target ratio must be positive, not 0")
        var proportions = Session()
        let bad = proportions.evaluate(
            SourceFile(name: "p", text: DataFormsTests.proportions + "\nbias P orwin target 1.5")
        ).diagnostics
        #expect(bad.map(\.message) == ["1.5 is not a value this measure takes"])
    }

    /// Orwin's and Harbord's JSON is what docs/forest-results.schema.json describes.
    @Test func jsonFitsTheSchema() {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: "j", text: MetaRegressionTests.bcg + "\nbias TB orwin measure RR\nbias TB harbord"))
        let json = JSONReport.document(evaluation.analyses).serialized(indent: 2)
        #expect(json.contains("\"kind\": \"harbord\"") && json.contains("\"type\": \"Orwin\""))
        #expect(SchemaCheck.problems(json) == [])
    }

    /// A target across no effect from the mean (metafor turns its sign) or not a ratio is an error.
    @Test func targetOnTheOtherSide() {
        let across = Self.diagnostics("bias TB orwin measure RR target 1.1")
        #expect(across.map(\.id) == [.invalidOptionValue])
        #expect(across.first?.message == "Orwin's target must lie between no effect and the mean effect (0.477)")
        let negative = Self.diagnostics("bias TB orwin measure RR target -0.5")
        #expect(negative.first?.message == "a target ratio must be positive, not -0.5")
        let elsewhere = Self.diagnostics("bias TB egger measure RR target 0.9")
        #expect(elsewhere.first?.message == "`target` applies to Orwin's fail-safe N only")
    }
}

/// Harbord's score test on dat.bcg, computed with R on this machine (counts as doubles):
///   Z <- a − n1(a + c)/N;  V <- n1·n2·(a + c)(b + d)/(N²(N − 1))
///   summary(lm(Z/sqrt(V) ~ sqrt(V))); confint(…)  — equal to metafor's regtest(Z/V, 1/V, model = "lm")
@Suite("Harbord's test")
struct HarbordTests {
    @Test func asR() throws {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "h", text: MetaRegressionTests.bcg + "\nbias TB harbord"))
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
        var found: EggerTest?
        for case .bias(let b) in evaluation.analyses {
            if case .harbord(let e) = b.test { found = e }
        }
        let e = try #require(found)
        let want: [(Double, Double)] = [
            (e.bias, -2.0929915407942370), (e.biasSE, 1.6657654417806171), (e.t, -1.2564743440450639),
            (e.pValue, 0.23497195212206576), (e.biasInterval.lower, -5.7593165583468675),
            (e.biasInterval.upper, 1.5733334767583940), (e.limitEstimate, -0.23084262324944066),
            (e.limitInterval.lower, -0.76832000630869834), (e.limitInterval.upper, 0.30663475980981708),
        ]
        for (got, expected) in want {
            #expect(abs(got - expected) <= 1e-10 * abs(expected), "\(got) vs \(expected)")
        }
        #expect(e.df == 11)
        let text = TextReport().render(evaluation.analyses)
        #expect(text.contains("Harbord's score test"))
    }

    @Test func oddsRatiosOnly() {
        let diagnostics = OrwinTests.diagnostics("bias TB harbord measure RR")
        #expect(diagnostics.map(\.id) == [.incompatibleOption])
        #expect(diagnostics.first?.message == "Harbord's test is a test for odds ratios of binary data")
    }
}
