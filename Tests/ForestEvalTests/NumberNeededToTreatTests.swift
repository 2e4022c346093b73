import ForestEval
import ForestRender
import ForestStats
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// `pool … nnt RISK`: the number needed to treat at a control risk (Cochrane Handbook §15.4.4;
/// Altman 1998, BMJ 317:1309–1312), checked against the formulas by hand.
@Suite("Number needed to treat")
struct NumberNeededToTreatTests {
    /// OR 2 at a control risk of 0.2: CR = 2·0.2/(1 − 0.2 + 2·0.2) = 1/3, RD = 2/15, NNT 7.5.
    @Test func formulas() {
        let or = NumberNeededToTreat(
            controlRisk: 0.2, measure: .OR, effect: 2, interval: Interval(lower: 1, upper: 4))
        #expect(abs(or.experimentalRisk - 1.0 / 3) < 1e-15 && abs(or.riskDifference - 2.0 / 15) < 1e-15)
        #expect(abs(or.nnt - 7.5) < 1e-12)
        #expect(
            or.riskDifferenceInterval.lower == 0 && abs(or.riskDifferenceInterval.upper - (0.8 / 1.6 - 0.2)) < 1e-15)
        // RR 0.5 at 0.3: 0.15, RD −0.15, NNT 6.67; RD −0.1 at any risk: NNT 10.
        let rr = NumberNeededToTreat(
            controlRisk: 0.3, measure: .RR, effect: 0.5, interval: Interval(lower: 0.25, upper: 1))
        #expect(abs(rr.riskDifference + 0.15) < 1e-15 && abs(rr.nnt - 1 / 0.15) < 1e-12)
        let rd = NumberNeededToTreat(
            controlRisk: 0.4, measure: .RD, effect: -0.1, interval: Interval(lower: -0.2, upper: 0))
        #expect(abs(rd.nnt - 10) < 1e-12)
        // A risk ratio that would push the risk past 1 stops at 1.
        let capped = NumberNeededToTreat(
            controlRisk: 0.6, measure: .RR, effect: 2, interval: Interval(lower: 1.5, upper: 3))
        #expect(capped.experimentalRisk == 1)
    }

    static let studies = """
        study "A" < X: 12/100 vs 20/100 >
        study "B" < X: 30/150 vs 45/150 >
        study "C" < X: 8/60 vs 9/60 >
        """

    @Test func textAndJSON() throws {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "n", text: Self.studies + "\npool X measure RR nnt 250"))
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
        guard case .pool(let pool)? = evaluation.analyses.first, let a = pool.absoluteEffect else {
            Issue.record("no absolute effect")
            return
        }
        let rr = exp(pool.result.estimate!)
        #expect(abs(a.experimentalRisk - 0.25 * rr) < 1e-15 && abs(a.riskDifference - (0.25 * rr - 0.25)) < 1e-15)
        let text = TextReport(style: TextStyle(plot: false)).render(evaluation.analyses)
        #expect(text.contains("Absolute effect at a control risk of 250 per 1,000: "))
        #expect(
            text.contains("Number needed to treat to avoid one event: \(Int((1 / abs(a.riskDifference)).rounded(.up)))")
        )
        let json = JSONReport.document(evaluation.analyses).serialized()
        #expect(json.contains(#""absolute":{"control_risk":0.25,"#))
        #expect(
            !TextReport(style: TextStyle(plot: false, revman: true)).render(evaluation.analyses).contains("Absolute"))
    }

    /// An interval that holds no difference runs through it (Altman 1998's ∞, in words).
    @Test func anIntervalThroughNoDifference() {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(
                name: "n", text: "study \"A\" < X: 10/50 vs 12/50 >\nstudy \"B\" < X: 9/40 vs 9/40 >\npool X nnt 0.2"))
        let text = TextReport(style: TextStyle(plot: false)).render(evaluation.analyses)
        #expect(text.contains("to avoid one event, through no difference, to ") && text.contains("for one more event)"))
        #expect(!text.contains("∞"))
    }

    @Test(arguments: [
        ("pool X nnt 1000", DiagnosticID.invalidOptionValue), ("pool X by g nnt 0.2", .incompatibleOption),
        ("pool Y nnt 0.2", .incompatibleOption),
    ])
    func mistakes(_ statement: String, _ id: DiagnosticID) {
        var session = Session()
        let text =
            Self.studies + "\nstudy \"D\" g 1 < X: 1/10 vs 2/10, Y: 0.1 se 0.2 >\nstudy \"E\" < Y: 0.2 se 0.1 >\n"
        let diagnostics = session.evaluate(SourceFile(name: "m", text: text + statement)).diagnostics
        #expect(diagnostics.filter { $0.severity == .error }.map(\.id) == [id], "\(diagnostics.map(\.message))")
    }
}
