import ForestSyntax
import Foundation
import Testing

/// editors/vim: the syntax file, loaded by a real Vim (headless) on every example, names what
/// Forest's lexer finds as Forest does — strings, numbers, comments, statement keywords and data
/// words; and its word lists are the TextMate grammar's. Skipped, with a note, without a Vim
/// that has syntax highlighting.
@Suite("Vim syntax")
struct VimSyntaxTests {
    static let vim: String? = ["/usr/bin/vim", "/usr/local/bin/vim"].first { path in
        guard FileManager.default.isExecutableFile(atPath: path) else { return false }
        return (try? run(path, ["--version"]))?.contains("+syntax") == true
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Where each token the test checks is (line, byte column, both from 1) and the syntax
    /// group it must have.
    static func expectations(_ text: String) -> [(line: Int, column: Int, group: String)] {
        let bytes = Array(text.utf8)
        var lineStarts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { lineStarts.append(i + 1) }
        func place(_ offset: Int) -> (Int, Int) {
            let line = lineStarts.lastIndex { $0 <= offset }!
            return (line + 1, offset - lineStarts[line] + 1)
        }
        var result: [(Int, Int, String)] = []
        var lexer = Lexer(SourceFile(name: "x", text: text))
        var atStatementStart = true, inData = false
        var strings: [Range<Int>] = []
        while true {
            let token = lexer.next()
            if case .endOfInput = token.kind { break }
            let (line, column) = place(token.span.start)
            switch token.kind {
            case .string:
                result.append((line, column, "forestString"))
                strings.append(token.span.start..<token.span.end)
            case .number: result.append((line, column, "forestNumber"))
            case .word where atStatementStart: result.append((line, column, "forestStatement"))
            case .word(let w) where inData && ["vs", "sd", "se", "n", "per", "var"].contains(w):
                result.append((line, column, "forestOperator"))
            case .lessThan: inData = true
            case .greaterThan: inData = false
            default: break
            }
            atStatementStart = !inData && (token.kind == .newline || token.kind == .semicolon)
        }
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "#") && !strings.contains(where: { $0.contains(i) }) {
            let (line, column) = place(i)
            result.append((line, column, "forestComment"))
        }
        return result
    }

    @Test(
        arguments: try! FileManager.default.contentsOfDirectory(
            atPath: GrammarTests.root.appendingPathComponent("Examples").path
        ).filter { $0.hasSuffix(".forest") })
    func vimHighlightsAsTheLexerReads(_ name: String) throws {
        guard let vim = Self.vim else {
            print("Vim syntax test skipped: no Vim with +syntax (install Debian's `vim`)")
            return
        }
        let text = try GrammarTests.read("Examples/\(name)")
        let wanted = Self.expectations(text)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("forest-vim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let probe = directory.appendingPathComponent("probe.vim"), output = directory.appendingPathComponent("out")
        let positions = wanted.map { "[\($0.line),\($0.column)]" }.joined(separator: ",")
        try """
        let out = []
        for [l, c] in [\(positions)]
          call add(out, synIDattr(synID(l, c, 1), 'name'))
        endfor
        call writefile(out, '\(output.path)')
        qa!
        """.write(to: probe, atomically: true, encoding: .utf8)
        let runtime = GrammarTests.root.appendingPathComponent("editors/vim").path
        _ = try Self.run(
            vim,
            [
                "-Nu", "NONE", "-i", "NONE", "-es", "-c", "set rtp^=\(runtime)", "-c", "filetype plugin on", "-c",
                "syntax on", "-c", "edit \(GrammarTests.root.appendingPathComponent("Examples/\(name)").path)", "-c",
                "source \(probe.path)",
            ])
        let got = try String(contentsOf: output, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        for (index, w) in wanted.enumerated() {
            let group = index < got.count ? String(got[index]) : "nothing"
            #expect(group == w.group, "\(name):\(w.line):\(w.column): \(group), wanted \(w.group)")
        }
    }

    /// The Vim file's word lists are the TextMate grammar's.
    @Test func wordsAreTheTextMateGrammars() throws {
        let vim = try GrammarTests.read("editors/vim/syntax/forest.vim")
        func keywords(_ group: String) -> Set<String> {
            var words: Set<String> = []
            for line in vim.split(separator: "\n") where line.hasPrefix("syn keyword \(group) ") {
                words.formUnion(line.split(separator: " ").dropFirst(3).filter { $0 != "contained" }.map(String.init))
            }
            return words
        }
        let g = try TextMateGrammarTests.grammar()
        let statements = try TextMateGrammarTests.words("statement", in: g)
        #expect(keywords("forestConstant") == (try TextMateGrammarTests.words("constant", in: g)))
        #expect(keywords("forestKeyword") == (try TextMateGrammarTests.words("keyword", in: g)).subtracting(statements))
        #expect(keywords("forestOperator") == (try TextMateGrammarTests.words("operator", in: g)))
        for statement in statements { #expect(vim.contains("\\|\(statement)\\") || vim.contains("(\(statement)\\|")) }
    }
}
