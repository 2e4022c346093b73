import ForestSyntax
import Testing

@Suite("Parser")
struct ParserTests {
    func parse(_ text: String) -> (Script, [Diagnostic]) {
        let result = Parser.parse(SourceFile(name: "test.forest", text: text))
        return (result.script, result.diagnostics)
    }

    /// The parser reads a source through a window of tokens that it empties as it goes: a long
    /// script parses to the same statements and the same diagnostics, block by block, as one
    /// block alone — with the data block on the next line, an unclosed `<`, a lexical error and
    /// `;` between statements in every block.
    @Test func aLongScriptParsesAsItsBlocksDo() {
        let block = """
            study "A" year 2011 < PR: 12/30 vs 6/30 >
            study "B" year 2012
              < PR: 15/42 vs 9/40,
                PD: 1/2 vs 1/3 >
            study "C" < PR: 1/2 vs
            pool PR model random; pool PD
            study "D" < PR: 12abc/30 vs 6/30 >
            pool PR model wrong
            forest PR to "x.svg"

            """
        let (one, oneDiagnostics) = parse(block)
        let count = 300
        let (all, allDiagnostics) = parse(String(repeating: block, count: count))
        #expect(one.statements.count == 5)
        #expect(oneDiagnostics.count == 3)
        #expect(all.statements.count == count * one.statements.count)
        #expect(
            allDiagnostics.map(\.message)
                == Array(repeating: oneDiagnostics.map(\.message), count: count).flatMap { $0 })
        let blockLines = block.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let lines = allDiagnostics.map { $0.primary.span.source.location(of: $0.primary.span.start).line }
        let expected = (0..<count).flatMap { n in
            oneDiagnostics.map { $0.primary.span.source.location(of: $0.primary.span.start).line + n * blockLines }
        }
        #expect(lines == expected)
    }

    @Test func studyWithAttributesAndThreeKindsOfData() throws {
        let (script, diagnostics) = parse(
            """
            study "A" year 2011 stage "I" design RCT < PR: 12/30 vs 6/30,
                QoL: 61.2 sd 8.1 n 25 vs 55.0 sd 9.4 n 25, OS: -0.29 se 0.12 >
            """)
        #expect(diagnostics.isEmpty)
        guard case .study(let study) = try #require(script.statements.first) else {
            Issue.record("not a study"); return
        }
        #expect(study.label.value == "A")
        #expect(study.attributes.map(\.name.value) == ["year", "stage", "design"])
        #expect(study.attributes.map(\.value.value) == [.number(2011), .string("I"), .name("RCT")])
        #expect(study.entries.map(\.name.value) == ["PR", "QoL", "OS"])
        #expect(study.entries.map(\.data.typeName) == ["binary", "continuous", "generic"])
    }

    @Test func poolOptions() throws {
        let (script, diagnostics) = parse(
            "pool PD measure RR method IV model random tau REML hksj level 90 convention metafor by stage")
        #expect(diagnostics.isEmpty)
        guard case .pool(let pool) = try #require(script.statements.first) else { Issue.record("not a pool"); return }
        #expect(
            pool.options.map(\.name.value.rawValue) == [
                "measure", "method", "model", "tau", "hksj", "level", "convention", "by",
            ])
        #expect(pool.options.compactMap(\.word) == ["RR", "IV", "random", "REML", "metafor", "stage"])
    }

    @Test func everyStatementKind() {
        let (script, diagnostics) = parse(
            """
            review "R"; outcome OS scale log effect "Hazard Ratio" label "Overall survival"
            study "A" < OS: 0.1 se 0.2 >
            sensitivity OS leave-one-out model random
            sensitivity OS exclude rob "high"
            cumulative OS by year
            bias OS egger
            forest OS to "os.svg"
            funnel OS contours trimfill to "f.svg"
            """)
        #expect(diagnostics.isEmpty)
        #expect(script.statements.count == 9)
    }

    @Test func reportsEveryErrorInOnePass() {
        let (script, diagnostics) = parse(
            """
            stduy "A" < PR: 1/2 vs 1/2 >
            study "B" < PR: 1/2 vs 1/2 >
            pool PR modle fixed
            pool PR model fixd
            pool PR
            """)
        #expect(diagnostics.map(\.id) == [.unknownStatement, .unknownOption, .invalidOptionValue])
        #expect(diagnostics[0].help == "did you mean `study`?")
        #expect(diagnostics[1].help == "did you mean `model`?")
        #expect(diagnostics[2].help == "did you mean `fixed`?")
        #expect(script.statements.count == 2)
    }

    @Test func unterminatedDataAtEndIsEndOfInput() {
        let (_, diagnostics) = parse("study \"A\" < PR: 1/2 vs 1/2,\n  PD: 3/4 vs 1/4")
        #expect(diagnostics.map(\.id) == [.unexpectedEndOfInput])
    }

    @Test func unterminatedDataBeforeNextStatementRecovers() {
        let (script, diagnostics) = parse("study \"A\" < PR: 1/2 vs 1/2\nstudy \"B\" < PR: 1/2 vs 1/2 >\npool PR")
        #expect(diagnostics.map(\.id) == [.unexpectedToken])
        #expect(script.statements.count == 2)
    }

    @Test func valueWithoutItsOptionGetsAHint() {
        let (_, diagnostics) = parse("pool PR random")
        #expect(diagnostics.first?.help == "write `model random`")
    }

    @Test func duplicateOptionPointsAtBoth() {
        let (_, diagnostics) = parse("pool PR model fixed model random")
        #expect(diagnostics.first?.id == .duplicateOption)
        #expect(diagnostics.first?.secondary.count == 1)
    }

    @Test func levelMustBeAPercentage() {
        let (_, diagnostics) = parse("pool PR level 0.95")
        #expect(diagnostics.first?.id == .invalidOptionValue)
        #expect(diagnostics.first?.help == "write the level in percent: `level 95`")
        #expect(parse("pool PR level 0.999").1.first?.help == "write the level in percent: `level 99.9`")
        #expect(parse("pool PR level 1").1.first?.help == "e.g. `level 90`")
        #expect(parse("pool PR level 99.99").1.isEmpty)
    }

    /// Issue 11 §5: a study's `< … >` may start on a later line; a study with none is still an
    /// error at its label.
    @Test func theDataBlockMayStartOnTheNextLine() throws {
        let (script, diagnostics) = parse("study \"A\" year 2011\n\n  < X: 1/2 vs 1/3 >\npool X\nstudy \"B\"\npool X")
        #expect(diagnostics.map(\.id) == [.missingData])
        #expect(script.statements.count == 3)
        guard case .study(let study) = try #require(script.statements.first) else { Issue.record("no study"); return }
        #expect(study.entries.map(\.name.value) == ["X"])
    }

    @Test func excludeTakesStudyLabels() throws {
        let (script, diagnostics) = parse("sensitivity X exclude \"Ke 2011\" \"Li 2014\" model random")
        #expect(diagnostics.isEmpty)
        guard case .sensitivity(let s) = try #require(script.statements.first),
            case .excludeStudies(let labels) = s.kind
        else { Issue.record("not an exclusion by label"); return }
        #expect(labels.map(\.value) == ["Ke 2011", "Li 2014"])
        #expect(s.options.map(\.name.value) == [.model])
        #expect(ScriptWriter.text(.sensitivity(s)) == "sensitivity X exclude \"Ke 2011\" \"Li 2014\" model random")
    }

    /// Issue 11 §2: a qualified entry is one row of a study for the outcome.
    @Test func qualifiedEntries() throws {
        let text = "study \"Ke 2011\" year 2011 < CR[stage \"I\"]: 1/10 vs 0/9, CR[stage \"II\"]: 2/11 vs 1/12 >"
        let (script, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        guard case .study(let study) = try #require(script.statements.first) else { Issue.record("no study"); return }
        #expect(study.entries.map { $0.qualifier?.value.value.text } == ["I", "II"])
        #expect(ScriptWriter.text(.study(study)) == text)
        #expect(parse("study \"A\" < CR[stage \"I\": 1/2 vs 1/2 >").1.first?.message.contains("`]`") == true)
    }

    /// A number running into letters is `invalid-name` where the grammar expects a name and
    /// `invalid-number` elsewhere — decided by the parser, which knows which it expects.
    @Test func digitsRunningIntoLettersAreNamesOrNumbersByPosition() {
        #expect(parse("study \"A\" < 1y: 1/2 vs 1/2 >").1.map(\.id) == [.invalidName])
        #expect(parse("pool 2x").1.map(\.id) == [.invalidName])
        #expect(parse("study \"A\" < X: 12abc/30 vs 1/2 >").1.map(\.id) == [.invalidNumber])
        #expect(parse("study \"A\" year 2011a < X: 1/2 vs 1/2 >").1.map(\.id) == [.invalidNumber])
    }
}
