import ForestEval
import ForestRender
import ForestStats
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// `finding` and `findings`: the summary of findings.
@Suite("Summary of findings")
struct FindingsTests {
    /// The corresponding risks against values computed by hand from the formulas of the
    /// Cochrane Handbook §14.1.5.1 (docs/methods.md).
    @Test func correspondingRisksAreTheHandbooks() {
        // ACR 0.20: RR 1.5 → 0.30; OR 2 → 0.4/1.2 = 0.3333…; RD −0.05 → 0.15.
        #expect(abs(CorrespondingRisk.of(assumed: 0.2, measure: .RR, effect: 1.5) - 0.3) < 1e-15)
        #expect(abs(CorrespondingRisk.of(assumed: 0.2, measure: .OR, effect: 2) - 1.0 / 3.0) < 1e-15)
        #expect(abs(CorrespondingRisk.of(assumed: 0.2, measure: .RD, effect: -0.05) - 0.15) < 1e-15)
        // OR 1 leaves the risk as it is; a tiny OR a tiny risk.
        #expect(CorrespondingRisk.of(assumed: 0.37, measure: .OR, effect: 1) == 0.37)
        #expect(CorrespondingRisk.of(assumed: 0.5, measure: .OR, effect: 1e-9) < 1e-8)
    }

    static let studies = """
        outcome PR label "Partial response"
        study "Ke 2011" < PR: 7/21 vs 8/21, QoL: 61.2 sd 8.1 n 21 vs 55 sd 9.4 n 21 >
        study "Ding 2016" < PR: 15/35 vs 6/35, QoL: 60 sd 7 n 35 vs 58 sd 8 n 35 >
        study "Li 2014" < PR: 22/37 vs 13/37, QoL: 62 sd 9 n 37 vs 57 sd 9 n 37 >

        """

    static func table(_ statements: String) -> (ReviewTable?, [Diagnostic]) {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: Self.studies + statements))
        guard case .table(let table)? = evaluation.analyses.last else { return (nil, evaluation.diagnostics) }
        return (table, evaluation.diagnostics)
    }

    @Test func aRowPerFindingWithRisksCertaintyAndFootnotes() throws {
        let (table, problems) = Self.table(
            "finding PR downgrade imprecision 1 \"Few events\" downgrade bias 1\nfinding PR measure RR risk 250\n"
                + "finding QoL measure MD downgrade inconsistency 2\nfindings")
        #expect(problems.isEmpty, "\(DiagnosticRenderer().render(problems))")
        let t = try #require(table)
        #expect(t.kind == "summary_of_findings" && t.rows.count == 3)
        // Pooled control risk 27/93 = 290 per 1,000; OR 2.21 gives 475 per 1,000.
        #expect(
            t.rows[0] == [
                "Partial response", "290 per 1,000", "475 per 1,000 (330 to 625)", "OR 2.21 (1.20 to 4.07)",
                "186 (3 studies)", "⊕⊕◯◯ Low (a, b)",
            ])
        #expect(t.rows[1][1] == "250 per 1,000" && t.rows[1][3].hasPrefix("RR ") && t.rows[1][5] == "⊕⊕⊕⊕ High")
        #expect(t.rows[2][1] == "—" && t.rows[2][3].hasPrefix("MD ") && t.rows[2][5] == "⊕⊕◯◯ Low (c)")
        #expect(
            t.notes.prefix(3) == ["a. Imprecision: Few events", "b. Risk of bias", "c. Inconsistency (two levels)"])
        let json = JSONReport.document([.table(t)]).serialized(indent: 2)
        #expect(SchemaCheck.problems(json) == [])
        #expect(CharacteristicsText.markdown(t).contains("| Partial response | 290 per 1,000 |"))
    }

    @Test func genericOutcomesHaveNoParticipantCount() throws {
        let (table, problems) = Self.table(
            "study \"G1\" < OS: -0.2 se 0.1 >\nstudy \"G2\" < OS: -0.1 se 0.2 >\noutcome OS scale log effect \"Hazard Ratio\"\nfinding OS\nfindings"
        )
        #expect(problems.isEmpty, "\(DiagnosticRenderer().render(problems))")
        #expect(try #require(table).rows[0][4] == "— (2 studies)")
    }

    @Test func wrongLevelsAndRisksAndNoFindingsAreErrors() {
        #expect(Self.table("finding PR downgrade bias 3").1.map(\.id) == [.invalidOptionValue])
        #expect(Self.table("finding PR risk 1500").1.map(\.id) == [.invalidOptionValue])
        #expect(Self.table("findings").1.map(\.id) == [.missingData])
        #expect(Self.table("finding PR downgrade bais 1").1.first?.help == "did you mean `bias`?")
    }

    @Test func theStatementsAreWrittenBackAsWritten() {
        for text in [
            "finding PR risk 0.25 downgrade bias 1 \"Unclear\" downgrade imprecision 2 model random",
            "findings to \"sof.md\"",
        ] {
            let (script, diagnostics) = Parser.parse(SourceFile(name: "t", text: text))
            #expect(diagnostics.isEmpty)
            #expect(script.statements.map(ScriptWriter.text) == [text])
        }
    }
}
