import ForestEval
import ForestREPL
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// `forest explain ID` and docs/errors.md: every diagnostic explained, every example giving its
/// diagnostic, the document equal to what the catalogue makes.
@Suite("Explain")
struct ExplainTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs")

    @Test func everyDiagnosticIsExplained() {
        let explained = DiagnosticExplanation.all.map(\.id)
        #expect(explained == DiagnosticID.allCases, "explain every DiagnosticID in DiagnosticCatalogue.swift")
    }

    @Test(arguments: DiagnosticExplanation.all.filter { $0.example != nil }.map(\.id))
    func theExampleGivesIt(_ id: DiagnosticID) throws {
        let e = try #require(DiagnosticExplanation.of(id))
        let diagnostics = DiagnosticExplainer.diagnostics(of: e.example!, files: e.files)
        #expect(diagnostics.contains { $0.id == id }, "\(id.rawValue): \(diagnostics.map(\.id.rawValue))")
    }

    /// The three that no script gives say so instead of showing an example.
    @Test func whatNoScriptGives() {
        let without = DiagnosticExplanation.all.filter { $0.example == nil }.map(\.id)
        #expect(Set(without) == [.invalidUTF8, .notConverged, .outputFailed, .interrupted])
        #expect(DiagnosticExplainer.text(.interrupted).contains("No script gives it"))
    }

    @Test func textShowsTheMessageAndTheFix() {
        let text = DiagnosticExplainer.text(.unknownOption)
        #expect(text.hasPrefix("unknown-option: An analysis statement has an option"))
        #expect(text.contains("    example.forest:3:8: error: unknown option `modle`"))
        #expect(text.contains("How to fix it: Correct the option's name"))
    }

    @Test func docsErrorsIsTheCatalogue() {
        Golden(directory: Self.docs).check("errors.md", DiagnosticExplainer.markdown())
    }
}
