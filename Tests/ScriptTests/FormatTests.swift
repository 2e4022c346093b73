import ForestEval
import ForestFiles
import ForestRender
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// `forest fmt` on every script the project ships: the examples and the documentation's
/// snippets are formatted (what `.ci/run` checks with `fmt --check`), formatting is idempotent,
/// a script with its spacing and blank lines disturbed formats to the same text, and the
/// formatted script gives byte-identical results.
@Suite("Formatting the project's scripts")
struct FormatTests {
    static let root = ExampleTests.root

    static var scripts: [String] {
        let fixtures =
            (try? FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("Tests").path)) ?? []
        return ExampleTests.examples.map { "Examples/\($0)" }
            + fixtures.filter { $0.hasSuffix(".forest") && !$0.hasPrefix("Fixtures/fuzz") }.map { "Tests/\($0)" }
    }

    /// Disturbs a script's layout without changing what it says: spaces doubled between
    /// tokens outside strings and comments, blank lines tripled, statements indented.
    static func disturbed(_ text: String) -> String {
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { out += "\n\n\n"; continue }
            var inString = false, inComment = false
            var disturbedLine = line.first == "#" ? "" : "  "
            for character in line {
                if character == "\"" && !inComment { inString.toggle() }
                if character == "#" && !inString { inComment = true }
                disturbedLine.append(character == " " && !inString && !inComment ? "   " : String(character))
            }
            out += disturbedLine + "\n"
        }
        return out
    }

    static func results(_ text: String, path: String) -> String {
        var session = Session()
        session.readTable = CSVTableFile.read
        let evaluation = session.evaluate(SourceFile(name: path, text: text))
        return TextReport().render(evaluation.analyses)
            + JSONReport.document(evaluation.analyses, title: session.title?.value).serialized(indent: 2)
            + DiagnosticRenderer().render(evaluation.diagnostics.filter { $0.severity == .error })
    }

    @Test(arguments: scripts)
    func formattedIdempotentAndTheSameResults(_ name: String) throws {
        let path = Self.root.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard case .success(let formatted) = ScriptFormatter.format(SourceFile(name: path, text: text)) else {
            return  // a test fixture made to fail parsing
        }
        if name.hasPrefix("Examples/") { #expect(formatted == text, "run `forest fmt --write \(name)`") }
        #expect(try ScriptFormatter.format(SourceFile(name: path, text: formatted)).get() == formatted)
        let disturbed = Self.disturbed(text)
        #expect(try ScriptFormatter.format(SourceFile(name: path, text: disturbed)).get() == formatted)
        #expect(Self.results(formatted, path: path) == Self.results(text, path: path))
        #expect(Self.results(disturbed, path: path) == Self.results(text, path: path))
    }

    @Test func theDocumentationSnippetsAreFormatted() throws {
        for document in ["README.md", "docs/language.md", "docs/tutorial.md"] {
            let text = try String(contentsOf: Self.root.appendingPathComponent(document), encoding: .utf8)
            #expect(
                try ScriptFormatter.formatMarkdown(text, name: document).get() == text, "forest fmt --write \(document)"
            )
        }
    }
}
