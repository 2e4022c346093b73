import ForestEval
import ForestRender
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// Every input the fuzzer (tools/fuzz) found a problem with, kept in Tests/Fixtures/fuzz and
/// run through the same pipeline and checks as the fuzz target (Fuzz/Sources/ForestFuzz).
@Suite("Fuzz findings")
struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func thereAreFindings() {
        #expect(!Self.inputs.isEmpty)
    }

    @Test(arguments: inputs)
    func finding(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name)))
        let (source, problem) = SourceFile.decode(name: name, bytes: bytes)
        var diagnostics = problem.map { [$0] } ?? []
        var session = Session()
        let evaluation = session.evaluate(source)
        diagnostics += evaluation.diagnostics
        // A word the input itself holds (a study called "NaN") may be echoed back.
        let words = ["NaN", "nan", "∞"].filter { !source.text.contains($0) }
        Self.expectSafe(DiagnosticRenderer().renderLimited(diagnostics), "diagnostics", words)
        Self.expectSafe(DiagnosticJSON.document(diagnostics).serialized(indent: 2), "diagnostic JSON", words)
        Self.expectSafe(TextReport().render(evaluation.analyses, title: session.title?.value), "text", words)
        let json = JSONReport.document(evaluation.analyses).serialized(indent: 2)
        Self.expectSafe(json, "JSON", words)
        #expect(SchemaCheck.problems(json) == [], "docs/forest-results.schema.json")
        let sentences = evaluation.analyses.flatMap(ResultSentence.sentences).joined(separator: "\n")
        Self.expectSafe(sentences, "sentences", words)
        for case .figure(let figure) in evaluation.analyses where figure.file != nil {
            let svg = FigureSVG.render(figure)
            #expect(
                !svg.unicodeScalars.contains { ($0.value < 0x20 && ![0x9, 0xA, 0xD].contains($0.value)) },
                "SVG holds a character XML 1.0 does not allow")
        }
    }

    /// No control character but newlines, no NaN or infinity shown.
    static func expectSafe(_ output: String, _ what: String, _ words: [String]) {
        let control = output.unicodeScalars.first {
            ($0.value < 0x20 && $0.value != 0x0A) || (0x7F...0x9F).contains($0.value)
        }
        #expect(control == nil, "\(what) holds a control character")
        for word in words { #expect(!output.contains(word), "\(what) shows \(word)") }
    }
}
