import ForestEval
import ForestSyntax
import Foundation
import Testing

/// Every ```forest snippet of docs/*.md and README.md runs without an error — alone, or after
/// what the comment before it names: `<!-- runs after: the first script -->` (the document's
/// first snippet), `<!-- runs after: the snippets above -->` (all earlier ones, as the tutorial
/// builds up), `<!-- runs after: Examples/NAME.forest -->`; `<!-- parse only: REASON -->` only
/// parses (a snippet that reads files the docs do not ship).
@Suite("Documented snippets")
struct DocumentedSnippetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Snippet: Sendable, CustomTestStringConvertible {
        var document: String
        var index: Int
        var code: String
        /// The comment on the line before the fence, if any.
        var directive: String?
        var testDescription: String { "\(document) #\(index + 1)" }
    }

    static func snippets(_ document: String) -> [Snippet] {
        guard let text = try? String(contentsOf: root.appendingPathComponent(document), encoding: .utf8) else {
            return []
        }
        var result: [Snippet] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < lines.count {
            if lines[i] == "```forest" {
                let directive = i > 0 && lines[i - 1].hasPrefix("<!--") ? lines[i - 1] : nil
                var code: [String] = []
                i += 1
                while i < lines.count && lines[i] != "```" {
                    code.append(lines[i])
                    i += 1
                }
                result.append(
                    Snippet(
                        document: document, index: result.count, code: code.joined(separator: "\n") + "\n",
                        directive: directive))
            }
            i += 1
        }
        return result
    }

    static var all: [Snippet] {
        let docs =
            ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }
        return (docs + ["README.md"]).flatMap(snippets)
    }

    /// The script a snippet runs after, by its directive.
    static func context(of snippet: Snippet) throws -> String {
        guard let directive = snippet.directive, directive.hasPrefix("<!-- runs after: ") else { return "" }
        let what = directive.dropFirst("<!-- runs after: ".count).replacing(" -->", with: "")
        let earlier = snippets(snippet.document).prefix(snippet.index)
        switch what {
        case "the first script": return earlier.first?.code ?? ""
        case "the snippets above": return earlier.map(\.code).joined()
        default: return try String(contentsOf: root.appendingPathComponent(String(what)), encoding: .utf8) + "\n"
        }
    }

    @Test func thereAreSnippets() {
        #expect(Self.all.count > 30)
        #expect(Self.snippets("docs/tutorial.md").count >= 10)
    }

    @Test(arguments: all)
    func snippetRuns(_ snippet: Snippet) throws {
        if let directive = snippet.directive, directive.hasPrefix("<!-- parse only: ") {
            let (_, diagnostics) = Parser.parse(SourceFile(name: snippet.testDescription, text: snippet.code))
            #expect(diagnostics.isEmpty)
            return
        }
        let context = try Self.context(of: snippet)
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: snippet.testDescription, text: context + snippet.code))
        let errors = evaluation.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(snippet.testDescription): \(errors.map(\.message))")
    }
}
