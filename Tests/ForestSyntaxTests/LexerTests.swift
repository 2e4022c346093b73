import ForestSyntax
import Testing

@Suite("Lexer")
struct LexerTests {
    func kinds(_ text: String) -> [TokenKind] {
        Lexer.tokenize(SourceFile(name: "t", text: text)).tokens.map(\.kind)
    }

    func diagnostics(_ text: String) -> [Diagnostic] {
        Lexer.tokenize(SourceFile(name: "t", text: text)).diagnostics
    }

    @Test func studyLine() {
        #expect(
            kinds(#"study "Ke 2011" year 2011 < PR: 12/30 vs 6/30 >"#) == [
                .word("study"), .string("Ke 2011"), .word("year"), .number(2011), .lessThan,
                .word("PR"), .colon, .number(12), .slash, .number(30), .word("vs"),
                .number(6), .slash, .number(30), .greaterThan, .endOfInput,
            ])
    }

    @Test func numbers() {
        #expect(
            kinds("12 -0.29 1.5e-3 .5 +2 3E2") == [
                .number(12), .number(-0.29), .number(0.0015),
                .number(0.5), .number(2), .number(300), .endOfInput,
            ])
    }

    @Test func commentsNewlinesAndSemicolons() {
        #expect(
            kinds("pool PR # the default\npool PD; pool SD") == [
                .word("pool"), .word("PR"), .newline, .word("pool"), .word("PD"), .semicolon, .word("pool"),
                .word("SD"), .endOfInput,
            ])
    }

    @Test func leaveOneOutIsOneKeyword() {
        #expect(
            kinds("sensitivity PR leave-one-out") == [
                .word("sensitivity"), .word("PR"), .word("leave-one-out"), .endOfInput,
            ])
        #expect(diagnostics("sensitivity PR leave-one-out").isEmpty)
    }

    @Test func stringEscapes() {
        #expect(kinds(#""say \"hi\" \\ there""#) == [.string(#"say "hi" \ there"#), .endOfInput])
    }

    @Test func spansAreByteRanges() {
        let source = SourceFile(name: "t", text: "pool  PR")
        let tokens = Lexer.tokenize(source).tokens
        #expect(tokens[1].span.start == 6 && tokens[1].span.end == 8)
        #expect(source.location(of: 6) == (line: 1, column: 7))
    }

    @Test func crlfLineEndsAreOneNewline() {
        let source = SourceFile(name: "t", text: "pool\r\npool X\r\n")
        let tokens = Lexer.tokenize(source).tokens
        #expect(tokens.map(\.kind) == [.word("pool"), .newline, .word("pool"), .word("X"), .newline, .endOfInput])
        #expect(source.location(of: tokens[1].span.start) == (line: 1, column: 5))
    }

    @Test func invisibleCharactersAreNamed() {
        let diagnostics = diagnostics("pool\u{00A0}PR")
        #expect(diagnostics.first?.message == "unexpected character U+00A0 (a non-breaking or thin space)")
        #expect(diagnostics.first?.help == "replace it with an ordinary space")
    }

    @Test func unicodeColumnsCountCharacters() {
        let source = SourceFile(name: "t", text: "study \"Müller 2019\" < X: 1/2 vs 1/2 >")
        let tokens = Lexer.tokenize(source).tokens
        #expect(source.location(of: tokens[2].span.start).column == 21)
    }

    /// Numbers read from their bytes (the plain-decimal fast path) are bit for bit what
    /// `Double(String)` reads, and the others (exponents, long significands) still parse.
    @Test func numbersAreReadExactlyAsDoubleParsesThem() {
        var generator = SystemRandomNumberGenerator()
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
        }
        for _ in 0..<20_000 {
            let sign = ["", "-", "+"].randomElement(using: &generator)!
            let whole = digits(Int.random(in: 1...12, using: &generator))
            let fraction = Bool.random(using: &generator) ? "." + digits(Int.random(in: 1...12, using: &generator)) : ""
            let exponent =
                Int.random(in: 0..<10, using: &generator) == 0 ? "e-\(Int.random(in: 0...30, using: &generator))" : ""
            let text = sign + whole + fraction + exponent
            guard case .number(let value) = kinds(text).first, let expected = Double(text) else {
                Issue.record("\(text) did not lex as a number")
                continue
            }
            #expect(value.bitPattern == expected.bitPattern, "\(text)")
        }
        for text in ["-0", "0.5", ".25", "-.5", "123456789012345", "1234567890123456", "9007199254740993"] {
            guard case .number(let value) = kinds(text).first else {
                Issue.record("\(text)")
                continue
            }
            #expect(value.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }
}
