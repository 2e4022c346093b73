import ForestEval
import ForestREPL
import ForestSyntax
import Foundation
import Testing

/// The REPL driven through its plain line reader: what it prints, what it keeps.
@Suite("REPL session")
struct REPLTests {
    final class Transcript: @unchecked Sendable {
        var output = ""
        var errors = ""
    }

    func run(_ lines: [String]) -> (REPL, Transcript) {
        let transcript = Transcript()
        let repl = REPL(
            reader: PlainLineReader(lines: lines), output: { transcript.output += $0 },
            errors: { transcript.errors += $0 })
        repl.run()
        return (repl, transcript)
    }

    /// Issue 11 §5: :undo takes back the last entry; :drop removes a study and says which
    /// results included it; Ctrl-D on a continuation line drops the unfinished statement.
    @Test func undoDropAndCtrlDOnAContinuationLine() {
        let (repl, t) = run([
            "study \"A\" < PR: 12/30 vs 6/30 >",
            "study \"B\" < PR: 15/42 vs 9/40 >",
            "pool PR",
            ":drop \"A\"",
            ":undo",
            "pool PR model random",
            ":undo",
            "study \"C\" < PR: 1/10 vs",
        ])
        #expect(
            t.output.contains(
                "Dropped \"A\". Results that included it (run them again to see the new numbers):\n  pool PR"))
        #expect(t.output.contains("Took back: :drop \"A\""))
        #expect(t.output.contains("Took back: pool PR model random"))
        #expect(t.output.contains("(unfinished statement dropped; Ctrl-D again quits)"))
        #expect(repl.session.studies.map(\.label) == ["A", "B"])
        #expect(repl.session.log.count == 3)
        #expect(!repl.hadErrors, "\(t.errors)")
    }

    @Test func saveRefusesToReplaceAFileWithoutTheBang() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString).forest")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (_, t) = run(["study \"A\" < PR: 12/30 vs 6/30 >", ":save \(path)", ":save \(path)", ":save! \(path)"])
        #expect(t.errors.contains("exists; `:save! \(path)` replaces it"))
        #expect(t.output.components(separatedBy: "Saved 1 statement to").count == 3)
    }

    @Test func saveKeepsTheCommentsOfLoadedStatements() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("review.forest").path
        let saved = directory.appendingPathComponent("saved.forest").path
        try """
        # A review.

        # Invented counts.
          # indented
        study "A" < PR: 12/30 vs 6/30 >   # kept too: end of line
        study "B" < PR: 15/42 vs 9/40 >


        # Both trials.
        pool PR

        """.write(toFile: script, atomically: true, encoding: .utf8)
        let (_, t) = run([":load \(script)", "pool PR model random", ":save \(saved)"])
        #expect(!t.errors.contains("error"), "\(t.errors)")
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        // After the :save header (its comment lines and a blank line).
        let body = text.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
        #expect(
            body == """
                # A review.

                # Invented counts.
                # indented
                study "A" < PR: 12/30 vs 6/30 >  # kept too: end of line
                study "B" < PR: 15/42 vs 9/40 >

                # Both trials.
                pool PR
                pool PR model random

                """)
    }

    @Test func evaluatesEachStatementAsEntered() {
        let (repl, t) = run([
            "study \"A\" year 2011 < PR: 12/30 vs 6/30 >",
            "study \"B\" year 2012 < PR: 15/42 vs 9/40 >",
            "pool PR",
        ])
        #expect(repl.session.studies.count == 2)
        #expect(t.output.contains("PR — Odds Ratio (M-H, Fixed, 95% CI)"))
        #expect(t.errors.isEmpty && !repl.hadErrors)
    }

    @Test func aStudySpansLinesUntilItsClosingBracket() {
        #expect(REPL.isIncomplete("study \"A\" < PR: 12/30 vs 6/30,\n"))
        #expect(!REPL.isIncomplete("study \"A\" < PR: 12/30 vs 6/30 >\n"))
        #expect(!REPL.isIncomplete("pool\n"), "outside < … > a short statement is an error, not a continuation")
        #expect(REPL.isIncomplete("study \"A\" year 2011\n"), "the data block may start on the next line")
        #expect(!REPL.isIncomplete("study \"A\" year 2011\n< PR: 1/2 vs 1/2 >\n"))
        let (repl, _) = run(["study \"A\" < PR: 12/30 vs 6/30,", "  PD: 4/30 vs 10/30", ">", "pool PD"])
        #expect(repl.session.studies.first?.outcomes.map(\.name) == ["PR", "PD"])
    }

    @Test func errorsChangeNothingAndTheSessionGoesOn() {
        let (repl, t) = run([
            "study \"A\" < PR: 12/30 vs 6/30 >",
            "study \"B\" < PR: 40/30 vs 6/30 >",
            "study \"A\" < PR: 1/30 vs 6/30 >",
            "pool PX",
            "study \"B\" < PR: 15/42 vs 9/40 >",
            "pool PR",
        ])
        #expect(repl.session.studies.map(\.label) == ["A", "B"])
        #expect(t.errors.contains("<repl:2>:1:17: error: 40 events out of 30 in the experimental arm"))
        #expect(t.errors.contains("<repl:3>:1:7: error: study \"A\" is already defined"))
        #expect(t.errors.contains("= help: did you mean `PR`?"))
        #expect(t.output.contains("Total (95% CI)"))
        #expect(repl.hadErrors)
    }

    @Test func commands() {
        let (_, t) = run([
            "study \"Ke 2011\" year 2011 stage \"I\" < PR: 12/30 vs 6/30 >",
            ":studies", ":outcomes", ":show \"Ke 2011\"", ":help pool", ":studis", ":show \"Ke 2012\"",
        ])
        #expect(t.output.contains("Study    year  stage  Outcomes\nKe 2011  2011  I      PR"))
        #expect(t.output.contains("Outcome  Data    Studies  Label\nPR       binary  1"))
        #expect(t.output.contains("study \"Ke 2011\" year 2011 stage \"I\" < PR: 12/30 vs 6/30 >"))
        #expect(t.output.contains("pool OUTCOME [measure OR|RR|RD|MD|SMD|HR|POR|PLO|PR|PFT|IRR|IRD|ZCOR|COR]"))
        #expect(t.errors.contains("unknown command `:studis`; did you mean `:studies`?"))
        #expect(t.errors.contains("no study \"Ke 2012\"; did you mean \"Ke 2011\"?"))
    }

    @Test func resetAndQuit() {
        let (repl, t) = run(["study \"A\" < PR: 1/3 vs 2/3 >", ":reset", ":quit", "study \"B\" < PR: 1/3 vs 2/3 >"])
        #expect(repl.session.studies.isEmpty)
        #expect(t.output.contains("Session cleared."))
    }

    @Test func saveWritesAScriptThatReproducesTheSession() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "forest-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("session.forest").path
        let (_, first) = run([
            "review \"Demo\"",
            "outcome PR label \"Partial \\\"response\\\"\"",
            "study \"A\" year 2011 stage I < PR: 12/30 vs 6/30,", "QoL: 55.0 sd 9.4 n 30 vs 51.5 sd 9 n 30 >",
            "pool PR",
            "study \"B\" year 2012 stage II < PR: 15/42 vs 9/40, QoL: 58.3 sd 10.2 n 42 vs 57.1 sd 9.9 n 40 >",
            "study \"B\" < PR: 99/1 vs 1/2 >",
            "pool PR model random tau REML level 90; pool QoL measure SMD",
            ":save \(path)",
        ])
        #expect(first.output.contains("Saved 7 statements to \(path)."))
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            saved.contains(
                // Typed over two lines: kept so, the second aligned under the first entry.
                "study \"A\" year 2011 stage I < PR: 12/30 vs 6/30,\n"
                    + "                              QoL: 55.0 sd 9.4 n 30 vs 51.5 sd 9 n 30 >\n"))
        #expect(saved.contains("pool PR model random tau REML level 90\n"))
        #expect(!saved.contains("99/1"), "the statement with an error is not saved")
        // Loading the saved file reproduces the same results.
        let (_, second) = run([":load \(path)"])
        #expect(second.output == first.output.replacingOccurrences(of: "Saved 7 statements to \(path).\n", with: ""))
    }

    @Test func saveNeverTruncatesOnError() throws {
        let (_, t) = run(["study \"A\" < PR: 1/3 vs 2/3 >", ":save /nonexistent-directory/x.forest"])
        #expect(t.errors.contains("error: cannot write /nonexistent-directory/x.forest"))
    }

    @Test func historyLocationFollowsXDG() {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("xdg-\(UUID().uuidString)").path
        #expect(
            HistoryLocation.file(environment: ["XDG_STATE_HOME": state, "HOME": "/x"]) == state + "/forest/history")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("home-\(UUID().uuidString)").path
        #expect(HistoryLocation.file(environment: ["HOME": home]) == home + "/.local/state/forest/history")
    }
}

@Suite("Completion")
struct CompletionTests {
    static let session: Session = {
        var session = Session()
        _ = session.evaluate(
            SourceFile(
                name: "t",
                text: """
                    study "Ke 2011" year 2011 stage "I" < PR: 12/30 vs 6/30, PD: 4/30 vs 10/30 >
                    study "Li 2014" year 2014 stage "II" < PR: 10/25 vs 5/25, QoL: 5 sd 1 n 10 vs 4 sd 1 n 10 >
                    """))
        return session
    }()

    func complete(_ text: String) -> Completion { Completer(session: Self.session).complete(text) }

    @Test func keywordsAtTheStart() {
        #expect(complete("po").candidates == ["pool"])
        #expect(complete("").candidates.contains("sensitivity"))
    }

    @Test func outcomesAfterAnAnalysisKeyword() {
        #expect(complete("pool P").candidates == ["PD", "PR"])
        #expect(complete("pool Q").candidates == ["QoL"])
    }

    @Test func optionsAndTheirValues() {
        #expect(complete("pool PR mo").candidates == ["model"])
        #expect(complete("pool PR model ").candidates == ["fixed", "random"])
        #expect(complete("pool PR model random ").candidates.contains("tau"))
        #expect(!complete("pool PR model random ").candidates.contains("model"))
        #expect(complete("pool PR measure ").candidates == ["OR", "RD", "RR"])
        #expect(complete("pool QoL measure ").candidates == ["MD", "SMD"])
        #expect(complete("pool PR by ").candidates == ["stage", "year"])
        #expect(complete("pool PR tau R").candidates == ["REML"])
        #expect(complete("pool PR sort ").candidates == ["effect", "label", "stage", "weight", "year"])
        #expect(complete("pool PR only ").candidates == ["stage", "year"])
        #expect(complete("pool PR only stage ").candidates == ["\"I\"", "\"II\""])
        #expect(complete("forest PR so").candidates == ["sort"])
        #expect(!complete("funnel PR ").candidates.contains("sort"))
    }

    @Test func inStudyData() {
        #expect(complete("study \"X\" < P").candidates == ["PD", "PR"])
        #expect(complete("study \"X\" < PR: 1/2 vs 1/2, Q").candidates == ["QoL"])
        #expect(complete("study \"X\" < PR: 1/2 v").candidates.isEmpty)
    }

    @Test func sensitivityAndBias() {
        #expect(complete("sensitivity PR ").candidates == ["exclude", "leave-one-out"])
        #expect(complete("sensitivity PR exclude ").candidates == ["stage", "year"])
        #expect(complete("sensitivity PR exclude stage ").candidates == ["\"I\"", "\"II\""])
        #expect(
            complete("bias PR ").candidates == [
                "begg", "egger", "harbord", "orwin", "peters", "rosenberg", "rosenthal", "trimfill",
            ])
    }

    @Test func outcomeSettingsAndMultiLineStudies() {
        let settings = ["arms", "effect", "favours", "label", "scale"]
        let options = ["convention", "hksj", "level", "measure", "method", "model", "tau"]
        #expect(complete("outcome PR ").candidates == (settings + options).sorted())
        #expect(
            complete("outcome PR label \"x\" model random ").candidates
                == (settings + options).filter { !["label", "model"].contains($0) }.sorted())
        #expect(complete("outcome PR model ").candidates == ["fixed", "random"])
        #expect(complete("defaults conv").candidates == ["convention"])
        #expect(complete("outcome PR scale ").candidates == ["identity", "log"])
        #expect(complete("outcome PR label ").candidates.isEmpty, "a string comes next")
        #expect(complete("study \"X\" ").candidates == ["stage", "year"])
        #expect(complete("study \"X\" <\n  PR: 1/2 vs 1/2,\n  Q").candidates == ["QoL"])
        #expect(complete("pool PR\npo").candidates == ["pool"])
    }

    /// The word being typed is the one at the cursor: not a word before a comment, and a
    /// comment with non-ASCII text does not split a character.
    @Test func aCommentIsNotTheWordBeingTyped() {
        #expect(complete("pool PR # é").candidates.isEmpty)
        #expect(complete("pool PR # é").partial.isEmpty)
    }

    @Test func theParserSaysWhatComesNext() {
        #expect(Parser.expectation(at: "") == .statementKeyword)
        #expect(Parser.expectation(at: "pool ") == .outcomeName)
        #expect(Parser.expectation(at: "pool X measure ") == .optionValue(.measure, outcome: "X"))
        #expect(Parser.expectation(at: "pool X by ") == .attributeName)
        #expect(
            Parser.expectation(at: "sensitivity X exclude stage ") == .attributeValue(attribute: "stage", outcome: "X"))
        #expect(
            Parser.expectation(at: "cumulative X level 90 ")
                == .option(
                    among: OptionName.allowed(after: .cumulative).filter { $0 != .level }, statement: .cumulative,
                    outcome: "X"))
        #expect(Parser.expectation(at: "pool X level ") == .optionValue(.level, outcome: "X"))
        #expect(Parser.expectation(at: "pool X frobnicate ") == .nothing, "after an error nothing is expected")
    }

    @Test func commandsLabelsAndPaths() throws {
        #expect(complete(":st").candidates == [":studies"])
        #expect(complete(":show \"K").candidates == ["\"Ke 2011\""])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: directory.appendingPathComponent("review.forest").path, contents: Data())
        let completion = complete(":load \(directory.path)/")
        #expect(completion.candidates == ["\(directory.path)/review.forest", "\(directory.path)/sub/"])
    }

    @Test func commonPrefixAndColumns() {
        #expect(Completion.commonPrefix(["model", "method", "measure"]) == "m")
        #expect(Completion.columns(["a", "bb", "ccc"], width: 10) == "a    bb\nccc")
    }
}
