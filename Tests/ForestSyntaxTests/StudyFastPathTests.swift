import Foundation
import Testing

@testable import ForestSyntax

/// `StudyFastPath` reads the commonest study lines from their bytes; whatever it reads must be
/// exactly what the ordinary lexer and parser make of it (spans included), and whatever it does
/// not read must fall through to them, diagnostics and all.
@Suite("Study fast path")
struct StudyFastPathTests {
    /// The statements and diagnostics of `text`, parsed with or without the fast path.
    static func parse(
        _ source: SourceFile, fastPath: Bool
    ) -> (statements: [Statement], diagnostics: [String], comments: [Span]) {
        var statements: [Statement] = []
        var comments: [Span] = []
        let diagnostics = Parser.parse(
            source, each: { statements.append($0) }, comments: { comments = $0 }, fastPath: fastPath)
        return (statements, diagnostics.map { "\($0.id) \($0.primary.span.start) \($0.message)" }, comments)
    }

    /// Lines the fast path reads.
    static let fastLines = [
        #"study "S1" < Y: 138/355 vs 95/356 >"#,
        #"study "Ke 2011" year 2011 design "RCT" stage I < CR: 3/21 vs 1/21, AE: 8/21 vs 15/21 >"#,
        "study \"Müller\"\tx -1.5 < Y: 1 / 2  vs  3 /4 , Z: 61.2 sd 8.1 n 25 vs 55.0 sd 9.4 n 25, G: -0.29 se .12, >",
        #"study "A" < Y: 1/2 vs 3/4 > # a comment"#,
        #"study "A" < Y: 1/2 vs 3/4 >; pool Y"#,
        "study \"A\" < Y: 1/2 vs 3/4,\n   Z: 1 se 2 >",
        #"study"A"year +3< Y:1/2 vs 3/4>"#,
        "study \"A\" < Y: 1/2 vs 3/4 >\r\npool Y",
        #"study "" < Y: 1/2 vs 3/4 >"#,
    ]

    /// Lines it leaves to the lexer and parser.
    static let ordinaryLines = [
        #"study "Say \"hi\"" < Y: 1/2 vs 3/4 >"#, #"study "A" < Y[stage "I"]: 1/2 vs 3/4 >"#,
        #"study "A" < Y: 1/2 >"#, #"study "A" < Y: 1 per 20 vs 2 per 30 >"#, #"study "A" < Y: 0.3 n 40 >"#,
        #"study "A" < Y: -1.5 var 4 >"#, #"study "A" < Y: 1e2/200 vs 3/4 >"#, #"study "A" < Y: 5./10 vs 3/4 >"#,
        #"study "A" < Y: 1/2 vs 3/4 > extra"#, #"study "A" < Y: 1/2 vs 3/4"#, #"study "A" < >"#,
        #"study "A" < Y: 1/2 vs5 3/4 >"#, #"study "A" < Y: 12abc/2 vs 3/4 >"#,
        #"study "A" leave-one-out 1 < Y: 1/2 vs 3/4 >"#, #"study "A" < Y: 1234567890123456/2 vs 3/4 >"#,
        "study \"A\" year 2011\n  < Y: 1/2 vs 3/4 >", "study \"A\" < Y: 1/2 vs 3/4, # note\n Z: 1 se 2 >",
        #"study "A" year < Y: 1/2 vs 3/4 >"#, #"study "A" < Y : 1/2 vs 3/4 >"#,
        #"study "A" < Y: 1/2 vs 3/4 > study "B" < Y: 1/2 vs 3/4 >"#, "study \"A\" < Y: 1/2 vs 3/4 > \u{00A0}",
    ]

    static let lines = fastLines + ordinaryLines

    /// Each line as the second statement of a script (the first is read before any window).
    @Test(arguments: lines)
    func theSameStatementsAndDiagnostics(_ line: String) {
        let text = "review \"r\"\n" + line + "\nstudy \"Z\" < Y: 1/2 vs 3/4 >\n"
        let source = SourceFile(name: "t", text: text)
        let fast = Self.parse(source, fastPath: true), ordinary = Self.parse(source, fastPath: false)
        #expect(fast.statements == ordinary.statements)
        #expect(fast.diagnostics == ordinary.diagnostics)
        #expect(fast.comments == ordinary.comments)
    }

    /// Each line as the first statement and after a study the fast path read, with whatever may
    /// come between: there the next `study` keyword is found in the bytes, with no tokens for
    /// the blanks, line breaks and `;` before it (`Parser.directStudy`).
    @Test(arguments: lines)
    func theSameAtTheStartAndAfterAFastStudy(_ line: String) {
        for between in ["\n", "\n\n \t\n", " ; ", ";\n", "\n# c\n", "\r\n", "\n\t", ";;", "\n\u{00A0}"] {
            for text in [
                line + between + #"study "Z" < Y: 1/2 vs 3/4 >"#,
                #"study "P" < Y: 1/2 vs 3/4 >"# + between + line + "\n",
                "\n " + between + line,
            ] {
                let source = SourceFile(name: "t", text: text)
                let fast = Self.parse(source, fastPath: true), ordinary = Self.parse(source, fastPath: false)
                #expect(fast.statements == ordinary.statements, "\(text)")
                #expect(fast.diagnostics == ordinary.diagnostics, "\(text)")
                #expect(fast.comments == ordinary.comments, "\(text)")
            }
        }
    }

    @Test func itReadsThePlainLinesAndLeavesTheRest() {
        let source = SourceFile(name: "t", text: Self.lines.joined(separator: "\n"))
        var offset = 0
        var read: [Bool] = []
        for line in Self.lines {
            let keyword = Span(source: source, start: offset, end: offset + 5)
            read.append(StudyFastPath.read(source, after: keyword) != nil)
            offset += line.utf8.count + 1
        }
        #expect(
            read == Array(repeating: true, count: Self.fastLines.count)
                + Array(repeating: false, count: Self.ordinaryLines.count))
    }

    /// Every example and test script: the same statements and diagnostics either way.
    @Test func everyScriptParsesTheSame() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let paths = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter {
            $0.hasSuffix(".forest") && ($0.hasPrefix("Examples/") || $0.hasPrefix("Tests/"))
        }
        #expect(paths.count > 5)
        for path in paths {
            let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent(path)))
            let source = SourceFile.decode(name: path, bytes: bytes).0
            let fast = Self.parse(source, fastPath: true), ordinary = Self.parse(source, fastPath: false)
            #expect(fast.statements == ordinary.statements, "\(path)")
            #expect(fast.diagnostics == ordinary.diagnostics, "\(path)")
            #expect(fast.comments == ordinary.comments, "\(path)")
        }
    }
}
