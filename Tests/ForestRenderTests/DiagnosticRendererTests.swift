import ForestRender
import ForestSyntax
import Testing

@Suite("Diagnostic rendering")
struct DiagnosticRendererTests {
    @Test func codespanStyleWithCaretNoteAndHelp() {
        let source = SourceFile(name: "review.forest", text: "review \"X\"\npool PR modle fixed\n")
        let (_, diagnostics) = Parser.parse(source)
        let text = DiagnosticRenderer().render(diagnostics[0])
        #expect(
            text == """
                review.forest:2:9: error: unknown option `modle`
                  |
                2 | pool PR modle fixed
                  |         ^^^^^
                  = note: options here: measure, method, model, tau, hksj, level, convention, by, only, sort, nnt, common-tau
                  = help: did you mean `model`?

                """)
    }

    @Test func secondaryLabelsOnOtherLines() {
        let source = SourceFile(name: "s.forest", text: "pool PR model fixed\npool PR level 90 level 95\n")
        let (_, diagnostics) = Parser.parse(source)
        let text = DiagnosticRenderer().render(diagnostics[0])
        #expect(text.contains("2 | pool PR level 90 level 95"))
        #expect(text.contains("^^^^^^^^"))
        #expect(text.contains("-------- first given here"))
    }

    @Test func aLineWithTwoLabelsIsShownOnce() {
        let source = SourceFile(name: "s.forest", text: "pool PR level 90 level 95\n")
        let text = DiagnosticRenderer().render(Parser.parse(source).diagnostics[0])
        #expect(text.components(separatedBy: "pool PR level 90 level 95").count == 2)
        #expect(text.contains("|         -------- first given here\n  |                  ^^^^^^^^\n"))
    }

    @Test func colourOnlyWhenAsked() {
        let source = SourceFile(name: "s.forest", text: "pool\n")
        let (_, diagnostics) = Parser.parse(source)
        #expect(!DiagnosticRenderer(useColor: false).render(diagnostics[0]).contains("\u{1B}["))
        #expect(DiagnosticRenderer(useColor: true).render(diagnostics[0]).contains("\u{1B}["))
    }

    @Test func aLongLineOfWideCharactersKeepsTheCaretUnderTheCulprit() {
        let text = "study \"" + String(repeating: "李", count: 100) + "\" < X: 30/20 vs 5/20 >"
        let source = SourceFile(name: "w.forest", text: text)
        let start = text.utf8.count - "30/20 vs 5/20 >".utf8.count
        let diagnostic = Diagnostic.error(
            .eventsExceedTotal, "too many", at: Span(source: source, start: start, end: start + 5))
        let lines = DiagnosticRenderer().render(diagnostic).split(separator: "\n").map(String.init)
        let shown = lines.first { $0.hasPrefix("1 |") }!
        let caret = lines.first { $0.contains("^") }!
        #expect(shown.contains("30/20"))
        let before = shown.components(separatedBy: "30/20")[0]
        #expect(
            VisibleText.displayWidth(before) == VisibleText.displayWidth(String(caret.prefix { $0 != "^" })),
            "\(shown)\n\(caret)")
    }
}
