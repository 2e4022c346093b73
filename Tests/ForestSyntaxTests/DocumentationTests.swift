import Foundation
import Testing

/// The language reference documents the whole grammar: every keyword of Grammar/forest.ebnf
/// appears in docs/language.md as code (in backticks or a code block).
@Suite("Documentation")
struct DocumentationTests {
    /// The keywords: quoted words in the grammar's rules (comments and the lexical rules aside).
    static func keywords() throws -> Set<String> {
        let lexical: Set<String> = ["NAME", "STRING", "NUMBER", "DIGITS", "NEWLINE"]
        var keywords: Set<String> = []
        for (rule, body) in try GrammarTests.grammarRules() where !lexical.contains(rule) {
            for word in Self.quoted(body) where word.first!.isLetter { keywords.insert(word) }
        }
        return keywords
    }

    static func quoted(_ text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #""([^"]+)""#)
        let ns = text as NSString
        return pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
            ns.substring(with: $0.range(at: 1))
        }
    }

    /// The words of docs/language.md's code: its code blocks and its `spans`.
    static func codeWords(_ markdown: String) -> Set<String> {
        var code = ""
        let blocks = markdown.components(separatedBy: "```")
        for (index, part) in blocks.enumerated() {
            if index % 2 == 1 {
                code += part + "\n"
            } else {
                code +=
                    part.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
                    .joined(separator: " ") + "\n"
            }
        }
        let words = code.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        return Set(words.map(String.init))
    }

    static func undocumented(in markdown: String) throws -> [String] {
        let documented = codeWords(markdown)
        return try keywords().filter { !documented.contains($0) }.sorted()
    }

    @Test func everyKeywordIsInTheLanguageReference() throws {
        let markdown = try GrammarTests.read("docs/language.md")
        #expect(try Self.undocumented(in: markdown) == [])
    }

    /// The check can fail: a reference without `leave-one-out` is missing it.
    @Test func aMissingKeywordIsFound() throws {
        let markdown = try GrammarTests.read("docs/language.md").replacing("leave-one-out", with: "loo")
        #expect(try Self.undocumented(in: markdown) == ["leave-one-out"])
    }
}
