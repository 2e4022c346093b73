import ForestSyntax
import Foundation
import Testing

/// `forest fmt`'s layout: comments kept where they were, one canonical spacing and option
/// order, runs of statements aligned, line breaks inside a study's data kept.
@Suite("Formatter")
struct FormatterTests {
    static func fmt(_ text: String) throws -> String {
        try ScriptFormatter.format(SourceFile(name: "t", text: text)).get()
    }

    @Test func commentsStayWhereTheyWere() throws {
        let text = """
            # head

            # lead A
            study "A"   year 2011 < X: 1/10 vs 2/10 >   # trailing A
            study "Bee" year 2012 < X: 3/10 vs 4/10,
                 # inside B
                 Y: 1 se 2 >  # end B
            study "C" < X: 5/10 vs 6/10 >


            forest X to "x.svg" model random measure OR; pool X  # after the second
            study "D" <  # on the header line
              X: 1/2 vs 1/3, Y: 2 se 1 >
            # the end
            """
        #expect(
            try Self.fmt(text) == """
                # head

                # lead A
                study "A" year 2011 < X: 1/10 vs 2/10 >  # trailing A
                study "Bee" year 2012 < X: 3/10 vs 4/10,
                                        # inside B
                                        Y: 1 se 2 >      # end B
                study "C" < X: 5/10 vs 6/10 >

                forest X measure OR model random to "x.svg"
                pool X  # after the second
                # on the header line
                study "D" < X: 1/2 vs 1/3, Y: 2 se 1 >
                # the end

                """)
    }

    @Test func runsAreAlignedAsFarAsTheirCellsAgree() throws {
        let text = """
            outcome CR label "Complete response" arms "A" "B" model random
            outcome SD label "Stable disease" arms "A" "B"
            study "Ke 2011" year 2011 < CR: 3/21 vs 1/21, SD: 8/21 vs 5/21 >
            study "Ding 2016" year 2016 < CR: 17/35 vs 2/35, SD: 6/35 vs 11/35 >
            study "Li" design "RCT" < CR: 1/2 vs 1/2 >
            rob "Ke 2011" sequence low allocation unclear
            rob "Ding 2016" sequence unclear allocation low
            rob graph to "g.svg"
            forest CR rob to "a.svg"
            forest SD by year to "b.svg"
            """
        #expect(
            try Self.fmt(text) == """
                outcome CR label "Complete response" arms "A" "B" model random
                outcome SD label "Stable disease"    arms "A" "B"
                study "Ke 2011"   year 2011 < CR: 3/21 vs 1/21,  SD: 8/21 vs 5/21 >
                study "Ding 2016" year 2016 < CR: 17/35 vs 2/35, SD: 6/35 vs 11/35 >
                study "Li" design "RCT" < CR: 1/2 vs 1/2 >
                rob "Ke 2011"   sequence low     allocation unclear
                rob "Ding 2016" sequence unclear allocation low
                rob graph to "g.svg"
                forest CR rob to "a.svg"
                forest SD by year to "b.svg"

                """)
    }

    @Test func linesInsideDataAreKeptAndAligned() throws {
        let text = """
            study "Ke 2011" year 2011 design "RCT"
                   < CR: 3/21 vs 1/21,   PR: 7/21 vs 8/21,
                  OS1: 19/21 vs 13/21, AE: 8/21 vs 15/21 >
            """
        #expect(
            try Self.fmt(text) == """
                study "Ke 2011" year 2011 design "RCT"
                    < CR: 3/21 vs 1/21,    PR: 7/21 vs 8/21,
                      OS1: 19/21 vs 13/21, AE: 8/21 vs 15/21 >

                """)
    }

    @Test func blankLinesAtMostOneAndNoneAtTheEnds() throws {
        #expect(try Self.fmt("\n\n\npool X\n\n\n\npool Y;;pool Z\n\n\n") == "pool X\n\npool Y\npool Z\n")
        #expect(try Self.fmt("") == "")
        #expect(try Self.fmt("# only a comment   \n") == "# only a comment\n")
    }

    @Test func isIdempotentAndKeepsNumbersAndStringsAsWritten() throws {
        let text = "study \"Say \\\"hi\\\"\"  x 1.50 < A: 0.10 se 2e-3 >\npool A level 90.0   hksj\n"
        let once = try Self.fmt(text)
        #expect(once == "study \"Say \\\"hi\\\"\" x 1.50 < A: 0.10 se 2e-3 >\npool A hksj level 90.0\n")
        #expect(try Self.fmt(once) == once)
    }

    @Test func aScriptThatDoesNotParseIsNotFormatted() throws {
        let result = ScriptFormatter.format(SourceFile(name: "t", text: "pool X modle fixed\nstudy \"A\" < X: 1/2 >\n"))
        guard case .failure(let failure) = result else {
            Issue.record("formatted a script with a syntax error")
            return
        }
        #expect(failure.diagnostics.map(\.id) == [.unknownOption])
    }

    @Test func markdownBlocksAreFormattedAndTheRestKept() throws {
        let text = "# Title\n\nText  with  spaces.\n\n```forest\npool X   model random\n```\n\n```sh\nls   -l\n```\n"
        let formatted = try ScriptFormatter.formatMarkdown(text, name: "d.md").get()
        #expect(formatted == text.replacingOccurrences(of: "pool X   model", with: "pool X model"))
        let broken = "a\n\n```forest\npool X modle fixed\n```\n"
        guard case .failure(let failure) = ScriptFormatter.formatMarkdown(broken, name: "d.md") else {
            Issue.record("formatted a block with a syntax error")
            return
        }
        // At its line in the document.
        #expect(
            failure.diagnostics.first?.primary.span.source.location(of: failure.diagnostics[0].primary.span.start).line
                == 4)
    }
}
