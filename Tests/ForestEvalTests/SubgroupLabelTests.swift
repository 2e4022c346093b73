import ForestEval
import ForestRender
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// `label ATTRIBUTE VALUE "TEXT"`: a subgroup's own heading, as RevMan names its subgroups, in
/// every output that heads subgroups; the same numbers either way.
@Suite("Subgroup labels")
struct SubgroupLabelTests {
    static let studies = """
        study "Ke 2011" stage "I" < CR: 4/30 vs 2/30 >
        study "Li 2014" stage "I" < CR: 6/25 vs 3/25 >
        study "Ding 2016" stage "II" < CR: 5/42 vs 4/40 >
        study "Wang 2018" stage "II" < CR: 3/20 vs 2/21 >
        """

    static func evaluate(_ text: String) -> Evaluation {
        var session = Session()
        return session.evaluate(SourceFile(name: "labels.forest", text: text))
    }

    static func subgroup(_ evaluation: Evaluation) -> SubgroupAnalysis? {
        for case .subgroup(let s) in evaluation.analyses { return s }
        return nil
    }

    @Test func labelledSubgroupsAreHeadedByTheirLabelsEverywhere() throws {
        let plain = Self.evaluate(Self.studies + "\npool CR by stage")
        let labelled = Self.evaluate(
            Self.studies + "\nlabel stage \"I\" \"Stage I (BCLC A)\"\npool CR by stage\nforest CR by stage to \"x.svg\""
        )
        #expect(!labelled.hasErrors, "\(labelled.diagnostics.map(\.message))")
        let s = try #require(Self.subgroup(labelled))
        #expect(s.groups.map(\.label) == ["Stage I (BCLC A)", nil])
        #expect(s.groups.map { $0.heading(attribute: s.attribute) } == ["Stage I (BCLC A)", "stage = II"])
        // The numbers do not change.
        #expect(s.groups.map(\.result) == Self.subgroup(plain)?.groups.map(\.result))

        let text = TextReport().render([.subgroup(s)])
        #expect(text.contains("Stage I (BCLC A)") && !text.contains("stage = I\n") && text.contains("stage = II"))
        #expect(TextReport().render(plain.analyses).contains("stage = I"))
        for case .figure(let figure) in labelled.analyses {
            let svg = FigureSVG.render(figure)
            #expect(svg.contains(">Stage I (BCLC A)<") && !svg.contains(">stage = I<"))
        }
        let json = JSONReport.document(labelled.analyses).serialized()
        #expect(json.contains(#""labels":{"I":"Stage I (BCLC A)"}"#))
        #expect(!JSONReport.document(plain.analyses).serialized().contains("\"labels\""))
        #expect(ResultSentence.sentences(.subgroup(s)).first?.hasPrefix("CR, Stage I (BCLC A): ") == true)
    }

    @Test func aValueIsLabelledOnce() throws {
        let twice = Self.evaluate(Self.studies + "\nlabel stage \"I\" \"Stage I\"\nlabel stage \"I\" \"Early\"")
        #expect(twice.diagnostics.map(\.id) == [.duplicateDeclaration])
        #expect(twice.diagnostics.first?.message == "stage = I already has a label")
        let span = try #require(twice.diagnostics.first).primary.span
        #expect(span.source.location(of: span.start).line == 6)
    }

    @Test func anEmptyLabelIsAnErrorAndTheStatementChangesNothing() {
        let empty = Self.evaluate(
            Self.studies + "\nlabel stage \"II\" \"Stage II\" \"I\" \"  \"\npool CR by stage")
        #expect(empty.diagnostics.map(\.id) == [.emptyLabel])
        // All or nothing: II keeps its default heading too.
        #expect(Self.subgroup(empty)?.groups.map(\.label) == [nil, nil])
    }

    @Test func theStatementParsesAndIsWrittenBackAsGiven() throws {
        let source = "label stage \"I\" \"Stage I\" 2 \"Two\" III \"Stage III\""
        let parsed = Parser.parse(SourceFile(name: "t", text: source))
        #expect(parsed.diagnostics.isEmpty)
        let statement = try #require(parsed.script.statements.first)
        #expect(ScriptWriter.text(statement) == source)
        let missing = Parser.parse(SourceFile(name: "t", text: "label stage \"I\""))
        #expect(missing.diagnostics.count == 1)
        #expect(missing.diagnostics.first?.message.contains("the subgroup's label in double quotes") == true)
    }
}
