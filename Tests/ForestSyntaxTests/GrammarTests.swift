import ForestRender
import ForestSyntax
import Foundation
import Testing

/// Keeps Grammar/forest.ebnf, the parser and the examples in step: every rule of the grammar is
/// quoted, word for word, in the doc comment of the parse function that implements it, and every
/// example in the grammar, in docs/ and in Examples/ parses without a diagnostic.
@Suite("Grammar")
struct GrammarTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Grammar rules as "name = production ;" with white space collapsed and comments removed.
    static func grammarRules() throws -> [String: String] {
        var text = try read("Grammar/forest.ebnf")
        while let open = text.range(of: "(*"), let close = text.range(of: "*)", range: open.upperBound..<text.endIndex)
        {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        return rules(in: text)
    }

    static func rules(in text: String) -> [String: String] {
        var rules: [String: String] = [:]
        let pattern = try! NSRegularExpression(pattern: #"(?m)^\s*([A-Za-z][A-Za-z]*)\s*=([^;]*(?:"[^"]*"[^;]*)*);"#)
        let ns = text as NSString
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let name = ns.substring(with: match.range(at: 1))
            let body = ns.substring(with: match.range(at: 2)).split(whereSeparator: \.isWhitespace).joined(
                separator: " ")
            rules[name] = body
        }
        return rules
    }

    /// Productions quoted in the parser's `///` comments.
    static func parserRules() throws -> [String: String] {
        let source = try read("Sources/ForestSyntax/Parser.swift")
        let comments = source.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("///") ? String(trimmed.dropFirst(3)) : nil
        }.joined(separator: "\n")
        return rules(in: comments)
    }

    @Test func everyGrammarRuleHasItsParseFunction() throws {
        let grammar = try Self.grammarRules().filter { $0.key.first!.isLowercase }
        let parser = try Self.parserRules()
        #expect(grammar.count >= 20)
        for (name, production) in grammar {
            #expect(
                parser[name] == production,
                "rule `\(name)`: grammar says `\(production)`, parser says `\(parser[name] ?? "nothing")`")
        }
        for name in parser.keys {
            #expect(grammar[name] != nil, "the parser quotes `\(name)`, which the grammar does not define")
        }
    }

    @Test func theGrammarsOwnExampleParses() throws {
        let text = try Self.read("Grammar/forest.ebnf")
        let start = try #require(text.range(of: "Example (every example"))
        let end = try #require(text.range(of: "*)", range: start.upperBound..<text.endIndex))
        let example = text[start.upperBound..<end.lowerBound].split(separator: "\n").dropFirst()
            .map { $0.hasPrefix("     ") ? String($0.dropFirst(5)) : String($0) }.joined(separator: "\n")
        let (script, diagnostics) = Parser.parse(SourceFile(name: "grammar example", text: example))
        #expect(diagnostics.isEmpty, "\(DiagnosticRenderer().render(diagnostics))")
        #expect(script.statements.count >= 15)
    }

    @Test(
        arguments: try! FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Examples").path)
            .filter { $0.hasSuffix(".forest") })
    func examplesParse(_ name: String) throws {
        let text = try Self.read("Examples/\(name)")
        let (_, diagnostics) = Parser.parse(SourceFile(name: name, text: text))
        #expect(diagnostics.isEmpty, "\(DiagnosticRenderer().render(diagnostics))")
    }

    /// Code blocks fenced as ```forest in docs/*.md and README.md.
    @Test func documentedExamplesParse() throws {
        let docs =
            try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/\($0)" } + ["README.md"]
        var blocks = 0
        for path in docs {
            let text = try Self.read(path)
            var rest = Substring(text)
            while let open = rest.range(of: "```forest\n") {
                guard let close = rest.range(of: "```", range: open.upperBound..<rest.endIndex) else { break }
                let code = String(rest[open.upperBound..<close.lowerBound])
                let (_, diagnostics) = Parser.parse(SourceFile(name: path, text: code))
                #expect(diagnostics.isEmpty, "\(path): \(DiagnosticRenderer().render(diagnostics))")
                blocks += 1
                rest = rest[close.upperBound...]
            }
        }
        #expect(blocks > 0)
    }
}
