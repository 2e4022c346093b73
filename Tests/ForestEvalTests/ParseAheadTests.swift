import ForestRender
import ForestSyntax
import Testing

@testable import ForestEval

/// A source parsed on a second thread (`ParseAhead`) hands out the same statements in the same
/// order, and the same diagnostics, as parsing it in line — in batches of every size, with the
/// parser made to wait for the evaluation — and a session evaluates it to the same results.
@Suite("Parsing ahead")
struct ParseAheadTests {
    /// Studies of one and of many outcomes, pools, comments, a declaration, a syntax error and a
    /// lexical one in the middle.
    static func script(studies: Int) -> String {
        var lines = ["# a review", "outcome X label \"Response\""]
        for i in 0..<studies {
            let outcomes = (0..<(i % 7 == 0 ? 40 : 1)).map {
                "X\($0 == 0 ? "" : "\($0)"): \(i % 9 + 1)/30 vs \(i % 5 + 2)/31"
            }
            lines.append("study \"S\(i)\" year \(2000 + i % 20) < \(outcomes.joined(separator: ", ")) >")
            if i == studies / 2 { lines += ["pool X model random tau", "study \"bad\" < X: 1/2 vs 3/4x >"] }
        }
        lines += ["pool X", "pool X model random tau REML", "pool X3"]
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func sameStatementsAndDiagnosticsInEveryBatching() {
        let source = SourceFile(name: "t.forest", text: Self.script(studies: 300))
        var inLine: [Statement] = []
        let inLineDiagnostics = Parser.parse(source) { inLine.append($0) }
        #expect(inLine.count > 300)
        #expect(!inLineDiagnostics.isEmpty)
        for (batch, limit) in [(1, 1), (1, 2), (7, 3), (40, 100), (512, 50_000)] {
            var ahead: [Statement] = []
            let diagnostics = ParseAhead(source, batch: batch, limit: limit).statements { ahead.append($0) }
            #expect(ahead == inLine, "batch \(batch), limit \(limit)")
            #expect(diagnostics == inLineDiagnostics, "batch \(batch), limit \(limit)")
        }
    }

    @Test func aSessionEvaluatesTheSameEitherWay() {
        let source = SourceFile(name: "t.forest", text: Self.script(studies: 200))
        var results: [String] = []
        var diagnostics: [[Diagnostic]] = []
        for parsingAhead in [false, true] {
            var session = Session()
            var analyses: [Analysis] = []
            let evaluation = session.evaluate(source, parsingAhead: parsingAhead) { evaluation in
                analyses += evaluation.analyses
                evaluation.analyses = []
            }
            results.append(JSONReport.document(analyses).serialized(indent: 2))
            diagnostics.append(evaluation.diagnostics)
        }
        #expect(results[0] == results[1])
        #expect(diagnostics[0] == diagnostics[1])
        #expect(results[0].contains("\"kind\": \"pool\""))
        #expect(diagnostics[0].contains { $0.severity == .error })
    }

    @Test func anEmptySourceEndsAtOnce() {
        var count = 0
        let diagnostics = ParseAhead(SourceFile(name: "e.forest", text: "")).statements { _ in count += 1 }
        #expect(count == 0 && diagnostics.isEmpty)
    }
}
