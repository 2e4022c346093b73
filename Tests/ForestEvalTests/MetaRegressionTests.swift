import ForestEval
import ForestRender
import ForestStats
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// `metareg OUTCOME on ATTRIBUTE …`: the numbers are checked against metafor by the 140 mr_*
/// reference analyses (ReferenceCaseTests); here, what the language does around them — the
/// design of categorical moderators, studies left out, and each mistake as an error.
@Suite("Meta-regression")
struct MetaRegressionTests {
    /// dat.bcg (metafor's metadat), with absolute latitude and allocation.
    static let bcg = """
        study "Aronson 1948" year 1948 ablat 44 alloc "random" < TB: 4/123 vs 11/139 >
        study "Ferguson & Simes 1949" year 1949 ablat 55 alloc "random" < TB: 6/306 vs 29/303 >
        study "Rosenthal et al 1960" year 1960 ablat 42 alloc "random" < TB: 3/231 vs 11/220 >
        study "Hart & Sutherland 1977" year 1977 ablat 52 alloc "random" < TB: 62/13598 vs 248/12867 >
        study "Frimodt-Moller et al 1973" year 1973 ablat 13 alloc "alternate" < TB: 33/5069 vs 47/5808 >
        study "Stein & Aronson 1953" year 1953 ablat 44 alloc "alternate" < TB: 180/1541 vs 372/1451 >
        study "Vandiviere et al 1973" year 1973 ablat 19 alloc "random" < TB: 8/2545 vs 10/629 >
        study "TPT Madras 1980" year 1980 ablat 13 alloc "random" < TB: 505/88391 vs 499/88391 >
        study "Coetzee & Berjak 1968" year 1968 ablat 27 alloc "random" < TB: 29/7499 vs 45/7277 >
        study "Rosenthal et al 1961" year 1961 ablat 42 alloc "systematic" < TB: 17/1716 vs 65/1665 >
        study "Comstock et al 1974" year 1974 ablat 18 alloc "systematic" < TB: 186/50634 vs 141/27338 >
        study "Comstock & Webster 1969" year 1969 ablat 33 alloc "systematic" < TB: 5/2498 vs 3/2341 >
        study "Comstock et al 1976" year 1976 ablat 33 alloc "systematic" < TB: 27/16913 vs 29/17854 >
        """

    static func evaluate(_ text: String) -> Evaluation {
        var session = Session()
        return session.evaluate(SourceFile(name: "mr.forest", text: text))
    }

    static func regression(_ evaluation: Evaluation) -> MetaRegressionAnalysis? {
        for case .metaRegression(let m) in evaluation.analyses { return m }
        return nil
    }

    /// metafor: rma(yi, vi, mods = ~ ablat, data = dat.bcg, measure = "RR", method = "REML"):
    /// intercept 0.2515, ablat −0.0291 (SE 0.0072), τ² 0.0764, QE 30.73 on 11 df, R² 75.6%
    /// (metafor 3.8-1 on this machine).
    @Test func bcgOnLatitudeAsMetaforHasIt() throws {
        let evaluation = Self.evaluate(Self.bcg + "\nmetareg TB on ablat measure RR model random tau REML")
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
        let m = try #require(Self.regression(evaluation))
        let r = m.result
        #expect(r.coefficients.map(\.name) == ["intercept", "ablat"])
        #expect(abs(r.coefficients[0].estimate - 0.2515) < 5e-5 && abs(r.coefficients[1].estimate + 0.0291) < 5e-5)
        #expect(abs(r.coefficients[1].standardError - 0.0072) < 5e-5)
        #expect(abs(r.tau2 - 0.0764) < 5e-5 && abs(r.qe - 30.7331) < 5e-4 && r.qeDF == 11)
        #expect(abs(r.r2! - 75.62) < 0.01)
        let text = TextReport().render(evaluation.analyses)
        #expect(text.contains("ablat") && text.contains("Test of moderators: QM = "))
    }

    @Test func categoricalLevelsAreSortedAndTheReferenceCanBeChosen() throws {
        let sorted = try #require(Self.regression(Self.evaluate(Self.bcg + "\nmetareg TB on alloc measure RR")))
        #expect(sorted.result.coefficients.map(\.name) == ["intercept", "alloc=random", "alloc=systematic"])
        #expect(sorted.moderators[0].levels == ["alternate", "random", "systematic"])
        let chosen = try #require(
            Self.regression(Self.evaluate(Self.bcg + "\nmetareg TB on alloc measure RR reference alloc \"random\"")))
        #expect(chosen.result.coefficients.map(\.name) == ["intercept", "alloc=alternate", "alloc=systematic"])
        // The same model, another parametrisation: the fit and its tests do not change.
        #expect(abs(chosen.result.qm - sorted.result.qm) < 1e-9 && abs(chosen.result.qe - sorted.result.qe) < 1e-9)
        #expect(
            abs(
                chosen.result.coefficients[0].estimate
                    - (sorted.result.coefficients[0].estimate + sorted.result.coefficients[1].estimate)) < 1e-12)
    }

    @Test func studiesWithoutAModeratorAreLeftOutAndNamed() throws {
        let script = Self.bcg.replacingOccurrences(
            of: "ablat 33 alloc \"systematic\" < TB: 5/2498", with: "alloc \"systematic\" < TB: 5/2498")
        let evaluation = Self.evaluate(script + "\nmetareg TB on ablat measure RR")
        let m = try #require(Self.regression(evaluation))
        #expect(m.result.k == 12 && m.leftOut.map(\.study) == ["Comstock & Webster 1969"])
        #expect(evaluation.diagnostics.map(\.id) == [.missingAttribute])
        #expect(evaluation.diagnostics.first?.message.contains("Comstock & Webster 1969 (no ablat)") == true)
        #expect(TextReport().render(evaluation.analyses).contains("Left out: Comstock & Webster 1969 (no ablat)"))
    }

    @Test(arguments: [
        (
            "metareg TB on ablat method MH", DiagnosticID.incompatibleOption,
            "a meta-regression weighs the studies by inverse variance" as String?
        ),
        ("metareg TB on latitude", .unknownAttribute, nil),
        ("metareg TB on ablat ablat", .duplicateOption, "moderator `ablat` is given twice"),
        (
            "metareg TB on ablat reference alloc \"random\"", .incompatibleOption,
            "`alloc` is not a moderator of this meta-regression"
        ),
        (
            "metareg TB on alloc reference alloc \"quasi\"", .unknownAttributeValue,
            "no study in the model has alloc quasi"
        ),
        ("metareg TB on ablat by alloc", .unknownOption, nil),
        ("metareg TB ablat", .unexpectedToken, nil),
    ])
    func eachMistakeIsAnError(_ statement: String, _ id: DiagnosticID, _ message: String?) {
        let diagnostics = Self.evaluate(Self.bcg + "\n" + statement).diagnostics
        #expect(diagnostics.map(\.id) == [id], "\(diagnostics.map(\.message))")
        if let message { #expect(diagnostics.first?.message == message) }
    }

    @Test func aModelNeedsMoreStudiesThanCoefficientsAndModeratorsThatVary() {
        let two = """
            study "A" dose 1 < Y: 0.1 se 0.2 >
            study "B" dose 2 < Y: 0.3 se 0.2 >
            metareg Y on dose
            """
        let few = Self.evaluate(two).diagnostics
        #expect(few.map(\.id) == [.tooFewStudies])
        #expect(few.first?.message == "a meta-regression with 2 coefficients needs more than 2 studies; it has 2")
        let constant = Self.evaluate(
            "study \"A\" dose 1 < Y: 0.1 se 0.2 >\nstudy \"B\" dose 1 < Y: 0.3 se 0.2 >\n"
                + "study \"C\" dose 1 < Y: 0.2 se 0.1 >\nmetareg Y on dose"
        ).diagnostics
        #expect(constant.map(\.id) == [.incompatibleOption])
        #expect(constant.first?.message == "the moderators cannot be told apart from one another or from the intercept")
    }

    @Test func theStatementIsWrittenBackAsGiven() throws {
        let source = "metareg TB on ablat alloc measure RR model random tau REML hksj reference alloc \"random\""
        let parsed = Parser.parse(SourceFile(name: "t", text: source))
        #expect(parsed.diagnostics.isEmpty)
        #expect(ScriptWriter.text(try #require(parsed.script.statements.first)) == source)
    }

    @Test func fTestUnderKnappHartung() throws {
        let m = try #require(
            Self.regression(Self.evaluate(Self.bcg + "\nmetareg TB on ablat alloc measure RR model random hksj")))
        let r = m.result
        #expect(r.tDF == 9 && r.qmDF == 3 && r.qmDF2 == 9)
        // F's p-value against the t test of a single moderator: F(1, ν) = t².
        let single = try #require(
            Self.regression(Self.evaluate(Self.bcg + "\nmetareg TB on ablat measure RR model random hksj"))
        ).result
        #expect(abs(single.qm - single.coefficients[1].statistic * single.coefficients[1].statistic) < 1e-9)
        #expect(abs(single.qmP - single.coefficients[1].pValue) < 1e-12)
    }
}
