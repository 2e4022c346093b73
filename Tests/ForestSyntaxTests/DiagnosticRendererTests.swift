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
                  = note: options here: measure, method, model, tau, hksj, level, convention, by
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
}
