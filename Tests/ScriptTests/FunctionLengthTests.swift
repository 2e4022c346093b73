import Foundation
import Testing

/// No function in Sources/ is longer than 60 lines, from its declaration to its closing brace
/// (tables of help text aside): a long function is split along its steps.
@Suite("Function length")
struct FunctionLengthTests {
    static let limit = 60
    /// Functions that are tables of text, not logic.
    static let exempt: Set<String> = ["ForestREPL/HelpText.swift text"]

    /// A declaration of a function, initialiser or subscript that opens a body.
    static let declaration = try! NSRegularExpression(
        pattern:
            #"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|static|class|mutating|override|final|nonisolated|package)\s+)*(?:func\s+([^\s(<]+)|(init)[?!]?|(subscript))\s*[(<]"#
    )

    /// Each function of a source text with its length in lines.
    static func lengths(_ text: String) -> [(name: String, line: Int, lines: Int)] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [(String, Int, Int)] = []
        for (start, line) in lines.enumerated() {
            let range = NSRange(line.startIndex..., in: line)
            guard let match = declaration.firstMatch(in: line, range: range) else { continue }
            let name = (1...3).compactMap { Range(match.range(at: $0), in: line).map { String(line[$0]) } }.first ?? "?"
            var depth = 0, opened = false
            for index in start..<lines.count {
                for character in code(lines[index]) {
                    if character == "{" { depth += 1; opened = true }
                    if character == "}" { depth -= 1 }
                }
                if opened && depth <= 0 {
                    result.append((name, start + 1, index - start + 1))
                    break
                }
                // A protocol requirement or a declaration without a body.
                if !opened && index > start + 15 { break }
            }
        }
        return result
    }

    /// A line without its string literals and its `//` comment.
    static func code(_ line: String) -> String {
        var out = "", inString = false, escaped = false
        var previous: Character = " "
        for character in line {
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                continue
            }
            if character == "/" && previous == "/" { out.removeLast(); break }
            if character == "\"" { inString = true; continue }
            out.append(character)
            previous = character
        }
        return out
    }

    @Test func noFunctionIsLongerThanTheLimit() throws {
        let sources = ModuleEdgeTests.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        var functions = 0
        for case let file as URL in files where file.pathExtension == "swift" {
            let relative = String(file.path.dropFirst(sources.path.count + 1))
            for function in Self.lengths(try String(contentsOf: file, encoding: .utf8)) {
                functions += 1
                guard !Self.exempt.contains("\(relative) \(function.name)") else { continue }
                #expect(
                    function.lines <= Self.limit,
                    "\(relative):\(function.line) \(function.name) is \(function.lines) lines (at most \(Self.limit))")
            }
        }
        #expect(functions > 300)
    }

    /// The measure itself: a body's braces, strings and comments are read as code is.
    @Test func lengthsAreCountedFromDeclarationToClosingBrace() {
        let text = """
            struct S {
                func short() -> String {
                    "}" // }
                }
                init(x: Int) {
                    if x > 0 {
                        print("{")
                    }
                }
            }
            """
        let found = Self.lengths(text)
        #expect(found.map(\.name) == ["short", "init"])
        #expect(found.map(\.lines) == [3, 5])
    }
}
