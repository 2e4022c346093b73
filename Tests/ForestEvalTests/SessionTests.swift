import ForestEval
import ForestRender
import ForestStats
import ForestSyntax
import ForestTestSupport
import Testing

@Suite("Session")
struct SessionTests {
    func run(_ session: inout Session, _ text: String) -> Evaluation {
        session.evaluate(SourceFile(name: "t.forest", text: text))
    }

    @Test func aStatementWithAnErrorChangesNothing() {
        var session = Session()
        _ = run(&session, "study \"A\" < X: 3/20 vs 5/20 >")
        let bad = run(&session, "study \"B\" year 1 < X: 3/20 vs 5/20, Y: 40/30 vs 1/2 >")
        #expect(bad.hasErrors)
        #expect(session.studies.map(\.label) == ["A"])
        #expect(session.outcomeOrder == ["X"])
        let good = run(&session, "pool X")
        #expect(!good.hasErrors && good.analyses.count == 1)
    }

    @Test func analysesSeeOnlyTheStudiesDefinedBeforeThem() {
        var session = Session()
        let evaluation = run(
            &session,
            """
            study "A" < X: 3/20 vs 5/20 >
            pool X
            study "B" < X: 4/25 vs 6/25 >
            pool X
            """)
        let ks = evaluation.analyses.map { analysis -> Int in
            if case .pool(let p) = analysis { return p.result.k }
            return -1
        }
        #expect(ks == [1, 2])
    }

    @Test func defaultsFollowTheDataType() throws {
        var session = Session()
        let evaluation = run(
            &session,
            """
            study "A" < B: 3/20 vs 5/20, C: 5 sd 1 n 10 vs 4 sd 1 n 10, G: 0.2 se 0.1 >
            pool B; pool C; pool G; pool B tau REML
            """)
        let options = evaluation.analyses.compactMap { analysis -> PoolOptions? in
            if case .pool(let p) = analysis { return p.result.options }
            return nil
        }
        #expect(options.map(\.measure) == [.OR, .MD, .GEN, .OR])
        // tau REML makes the model random; M-H weights do not apply to it, so it is IV.
        #expect(options.map(\.method) == [.MH, .IV, .IV, .IV])
        #expect(options.map(\.model) == [.fixed, .fixed, .fixed, .random])
        #expect(options.last?.tauMethod == .REML)
    }

    @Test func allErrorsOfAStudyAreReportedTogether() {
        var session = Session()
        let evaluation = run(&session, "study \"A\" < X: -1/20 vs 5/2.5, Y: 1 sd -1 n 1 vs 1 sd 1 n 10 >")
        #expect(evaluation.diagnostics.map(\.id) == [.invalidCount, .invalidCount, .invalidSpread, .invalidCount])
    }

    @Test func typeConflictPointsAtBothPlaces() throws {
        var session = Session()
        let evaluation = run(&session, "study \"A\" < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 0.1 se 0.2 >")
        let diagnostic = try #require(evaluation.diagnostics.first)
        #expect(diagnostic.secondary.first?.message == "first used here with binary data")
        #expect(diagnostic.secondary.first.map { $0.span.source.location(of: $0.span.start).line } == 1)
    }

    @Test func outcomeDeclarationShapesTheDescription() throws {
        var session = Session()
        _ = run(
            &session,
            """
            outcome OS scale log effect "Hazard Ratio" label "Overall survival" favours "New better" "Old better"
            study "A" < OS: -0.2 se 0.1 >
            outcome PR arms "New" "Old"
            study "B" < PR: 1/10 vs 2/10 >
            """)
        let description = try #require(session.description(of: "OS"))
        #expect(
            description.logScale && description.effectName == "Hazard Ratio" && description.title == "Overall survival")
        #expect(description.favoursLeft == "New better" && description.favoursRight == "Old better")
        let binary = try #require(session.description(of: "PR"))
        #expect(binary.experimentalArm == "New" && binary.controlArm == "Old")
    }

    @Test func settingsAnOutcomeCannotTakeAreErrors() {
        var session = Session()
        let evaluation = run(
            &session,
            """
            outcome OS arms "New" "Old"
            study "A" < OS: -0.2 se 0.1 >
            study "B" < PR: 1/10 vs 2/10 >
            outcome PR effect "Hazard Ratio"
            review "One"
            review "Two"
            """)
        // OS's only study was refused, so its declaration has no data: a warning says so.
        #expect(
            evaluation.diagnostics.map(\.id) == [
                .unusedDeclaration, .declarationConflict, .declarationConflict, .duplicateDeclaration,
            ])
        #expect(session.studies.map(\.label) == ["B"])
    }

    @Test func didYouMeanForOutcomes() {
        var session = Session()
        let evaluation = run(&session, "study \"A\" < PR: 3/20 vs 5/20, PD: 1/20 vs 4/20 >\npool Pr")
        #expect(evaluation.diagnostics.first?.help == "did you mean `PR`?")
    }

    @Test func resetForgetsEverything() {
        var session = Session()
        _ = run(&session, "review \"R\"\nstudy \"A\" < X: 3/20 vs 5/20 >")
        session.reset()
        #expect(session.studies.isEmpty && session.title == nil && session.outcomes.isEmpty)
    }

    /// The τ² fit's iterations and convergence are kept in the result; a Q-profile interval
    /// whose root finder stops early is left out with a warning at the statement, never shown.
    @Test func convergenceIsReportedNotDropped() throws {
        let studies = """
            study "A" < X: 0.10 se 0.10 >
            study "B" < X: 0.60 se 0.15 >
            study "C" < X: -0.20 se 0.20 >
            study "D" < X: 0.90 se 0.12 >

            """
        var session = Session()
        let reml = session.evaluate(SourceFile(name: "t", text: studies + "pool X tau REML"))
        guard case .pool(let pool)? = reml.analyses.first else { Issue.record("no pool"); return }
        let fit = try #require(pool.result.tauFit)
        #expect(fit.converged && fit.iterations > 0)
        #expect(pool.result.heterogeneityIntervals != nil)

        var strict = Session()
        strict.control.intervalMaxIterations = 1
        let evaluation = strict.evaluate(SourceFile(name: "t", text: studies + "pool X model random"))
        guard case .pool(let limited)? = evaluation.analyses.first else { Issue.record("no pool"); return }
        #expect(limited.result.heterogeneityIntervals == nil)
        #expect(limited.result.notes.contains(.heterogeneityIntervalsNotConverged))
        let warning = try #require(evaluation.diagnostics.first)
        #expect(warning.severity == .warning && warning.id == .notConverged)
        #expect(warning.message.contains("Q-profile"))
        #expect(warning.primary.span.text == "pool X model random")
    }

    /// Issue 11 §1: options on an outcome and `defaults` are inherited by every analysis of
    /// the outcome; a statement's own options win for that statement.
    @Test func analysesInheritTheOutcomesOptionsAndTheDefaults() throws {
        let studies = """
            study "A" < X: 3/20 vs 5/20, M: 5 sd 1 n 10 vs 4 sd 1 n 10 >
            study "B" < X: 4/25 vs 9/25, M: 6 sd 2 n 12 vs 4 sd 1 n 11 >
            study "C" < X: 7/30 vs 6/31, M: 5 sd 1 n 20 vs 5 sd 2 n 20 >

            """
        func options(_ script: String) -> [PoolOptions] {
            var session = Session()
            let evaluation = session.evaluate(SourceFile(name: "t", text: studies + script))
            #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
            return evaluation.analyses.map {
                switch $0 {
                case .pool(let p): p.result.options
                case .figure(let f): f.pool.result.options
                case .bias(let b): b.options
                case .sequence(let s): s.options
                default: PoolOptions(measure: .GEN, method: .IV)
                }
            }
        }
        let inherited = options(
            "outcome X model random tau REML\npool X\nforest X\ncumulative X\npool X model fixed\nbias X egger")
        #expect(inherited[0].model == .random && inherited[0].tauMethod == .REML && inherited[0].method == .IV)
        #expect(inherited[1] == inherited[0] && inherited[2] == inherited[0], "forest and cumulative inherit too")
        #expect(inherited[3].model == .fixed && inherited[3].method == .MH, "model fixed sets aside the inherited tau")
        #expect(
            inherited[4].model == .fixed, "Egger's test has no random-effects model: the inherited one is set aside")

        let defaults = options(
            "defaults convention metafor measure RR level 90\noutcome M model random\npool X\npool M")
        #expect(defaults[0].convention == .metafor && defaults[0].measure == .RR && defaults[0].level == 90)
        #expect(defaults[1].measure == .MD, "a default measure applies only where the data take it")
        #expect(defaults[1].convention == .metafor && defaults[1].model == .random)
    }

    @Test func inheritedOptionsThatDoNotFitAreErrorsWhereTheyAreWritten() throws {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(
                name: "t",
                text:
                    "outcome X measure MD\nstudy \"A\" < X: 3/20 vs 5/20 >\ndefaults model fixed tau DL\ndefaults hksj")
        )
        let messages = evaluation.diagnostics.map(\.message)
        #expect(messages.contains("measure MD does not apply to binary data"))
        #expect(messages.contains("`tau` applies to random-effects models only"))
        #expect(
            messages.contains("the defaults are already set") == false, "the first defaults failed, so none are set")
        #expect(evaluation.diagnostics.first { $0.severity == .error }?.primary.span.text == "MD")
    }

    /// Issue 11 §4: `sort` moves the rows of a table or forest plot, never a number; studies
    /// without the key come last, ties keep the order of definition.
    @Test func sortMovesRowsNotNumbers() throws {
        let studies = """
            study "Ke 2011" year 2011 stage "II" < X: 3/20 vs 5/20 >
            study "Ab 2009" year 2009 stage "I" < X: 4/25 vs 9/25 >
            study "Wu 2016" stage "I" < X: 7/30 vs 6/31 >
            study "Li 2011" year 2011 stage "II" < X: 2/22 vs 6/21 >

            """
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(
                name: "t",
                text: studies
                    + "pool X\npool X sort year\npool X sort year descending\npool X sort effect\npool X by stage sort label"
            ))
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
        let pools = evaluation.analyses.compactMap { if case .pool(let p) = $0 { p } else { nil } }
        #expect(pools[1].studies.map(\.label) == ["Ab 2009", "Ke 2011", "Li 2011", "Wu 2016"])
        #expect(pools[2].studies.map(\.label) == ["Ke 2011", "Li 2011", "Ab 2009", "Wu 2016"])
        let effects = pools[3].result.studies.compactMap(\.effect?.y)
        #expect(effects == effects.sorted())
        for pool in pools.dropFirst() {
            #expect(pool.result.estimate == pools[0].result.estimate && pool.result.tau2 == pools[0].result.tau2)
            // Each row keeps its own numbers.
            for (study, row) in zip(pool.studies, pool.result.studies) {
                let original = pools[0].studies.firstIndex { $0.label == study.label }!
                #expect(row == pools[0].result.studies[original])
            }
        }
        guard case .subgroup(let subgroups)? = evaluation.analyses.last else { Issue.record("no subgroups"); return }
        #expect(subgroups.groups.map { $0.studies.map(\.label) } == [["Ke 2011", "Li 2011"], ["Ab 2009", "Wu 2016"]])
    }

    /// Issue 11 §2: qualified entries are rows of one study — their own rows in a pool, in
    /// their own subgroups by the qualifying attribute, left out together by leave-one-out.
    @Test func qualifiedEntriesAreRowsOfOneStudy() throws {
        let script = """
            study "Ke 2011" year 2011 < CR[stage "I"]: 1/10 vs 0/9, CR[stage "II"]: 2/11 vs 1/12 >
            study "Li 2014" year 2014 stage "I" < CR: 3/37 vs 6/37 >
            study "Zhou 2015" < CR[stage "II"]: 0/42 vs 9/42 >
            pool CR
            pool CR by stage
            sensitivity CR leave-one-out
            sensitivity CR exclude "Ke 2011"
            """
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t", text: script))
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
        guard case .pool(let pool) = evaluation.analyses[0], case .subgroup(let subgroups) = evaluation.analyses[1],
            case .sequence(let leaveOneOut) = evaluation.analyses[2],
            case .exclusion(let exclusion) = evaluation.analyses[3]
        else { Issue.record("unexpected analyses"); return }
        #expect(pool.studies.map(\.label) == ["Ke 2011 (stage I)", "Ke 2011 (stage II)", "Li 2014", "Zhou 2015"])
        #expect(pool.studies.map(\.studyLabel) == ["Ke 2011", "Ke 2011", "Li 2014", "Zhou 2015"])
        #expect(subgroups.groups.map(\.value) == ["I", "II"])
        #expect(
            subgroups.groups.map { $0.studies.map(\.label) } == [
                ["Ke 2011 (stage I)", "Li 2014"], ["Ke 2011 (stage II)", "Zhou 2015"],
            ])
        #expect(leaveOneOut.rows.map(\.label) == ["Ke 2011", "Li 2014", "Zhou 2015"])
        #expect(leaveOneOut.rows[0].row.k == 2, "both rows of Ke 2011 are left out")
        #expect(exclusion.criterion == "\"Ke 2011\"" && exclusion.without.studies.count == 2)
        let json = JSONReport.document([.subgroup(subgroups)]).serialized()
        #expect(SchemaCheck.problems(json) == [])
        #expect(json.contains(#""study":"Ke 2011 (stage I)""#))
        #expect(json.contains(#""study_label":"Ke 2011","qualifier":{"attribute":"stage","value":"I"}"#))
    }

    @Test func rowsOfOneOutcomeInAStudyMustBeQualifiedAlike() {
        let cases = [
            "study \"A\" < X: 1/2 vs 1/2, X[stage \"I\"]: 1/2 vs 1/2 >": "outcome `X` appears twice in this study",
            "study \"A\" < X[stage \"I\"]: 1/2 vs 1/2, X[arm \"I\"]: 1/2 vs 1/2 >":
                "the rows of `X` in this study are qualified by `stage`, not `arm`",
            "study \"A\" < X[stage \"I\"]: 1/2 vs 1/2, X[stage \"I\"]: 1/2 vs 1/2 >":
                "outcome `X` appears twice in this study with stage I",
        ]
        for (script, message) in cases {
            var session = Session()
            let evaluation = session.evaluate(SourceFile(name: "t", text: script))
            #expect(evaluation.diagnostics.map(\.message) == [message])
            #expect(evaluation.diagnostics.first?.id == .duplicateOutcomeInStudy)
        }
    }

    /// Issue 11 §3: `only ATTRIBUTE VALUE` pools a subset without deleting data, and says so.
    @Test func onlySelectsAndSaysSo() throws {
        let script = """
            study "A" design "RCT" < X: 3/20 vs 5/20 >
            study "B" design "cohort" < X: 4/25 vs 9/25 >
            study "C" design "RCT" < X: 7/30 vs 6/31 >
            pool X only design "RCT"
            pool X only design "rct"
            """
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t", text: script))
        guard case .pool(let pool)? = evaluation.analyses.first else { Issue.record("no pool"); return }
        #expect(pool.studies.map(\.label) == ["A", "C"])
        #expect(pool.outcome.selection == "design = RCT")
        #expect(TextReport(style: TextStyle(plot: false)).render([.pool(pool)]).contains("(only design = RCT)"))
        #expect(JSONReport.value(.pool(pool)).serialized().contains(#""only":"design = RCT""#))
        #expect(evaluation.diagnostics.map(\.message) == ["no study of `X` has design rct"])
        #expect(evaluation.diagnostics.first?.help == "did you mean \"RCT\"?")
    }

    /// A study with many outcomes is checked in linear time (each entry used to be compared
    /// with every earlier one: 10 studies × 10,000 outcomes took 6 s, now 0.4 s in release).
    @Test func manyOutcomesInOneStudyAreCheckedInLinearTime() {
        let entries = (0..<20_000).map { "O\($0): \($0 % 9 + 1)/50 vs \($0 % 7 + 1)/50" }.joined(separator: ", ")
        var session = Session()
        let start = ContinuousClock.now
        let evaluation = session.evaluate(SourceFile(name: "t", text: "study \"A\" < \(entries) >\n"))
        let elapsed = ContinuousClock.now - start
        #expect(!evaluation.hasErrors)
        #expect(session.outcomeOrder.count == 20_000)
        // Quadratic, this took tens of seconds in a debug build; linear, well under one.
        #expect(elapsed < .seconds(8), "took \(elapsed)")
    }

    /// An analysis finds its outcome's entries in a study with many outcomes by an index, not a
    /// scan of them all: 5,000 pools of 3 studies × 5,000 outcomes.
    @Test func manyAnalysesOfStudiesWithManyOutcomesTakeLinearTime() {
        let count = 5_000
        let entries = (0..<count).map { "O\($0): \($0 % 9 + 1)/50 vs \($0 % 7 + 1)/50" }.joined(separator: ", ")
        let studies = (1...3).map { "study \"S\($0)\" < \(entries) >\n" }.joined()
        let pools = (0..<count).map { "pool O\($0)\n" }.joined()
        var session = Session()
        session.keepsLog = false
        let start = ContinuousClock.now
        let evaluation = session.evaluate(SourceFile(name: "t", text: studies + pools))
        let elapsed = ContinuousClock.now - start
        #expect(!evaluation.hasErrors)
        #expect(evaluation.analyses.count == count)
        #expect(session.log.isEmpty)
        // With a scan per study and pool (3 × 5,000 × 5,000 entries) this took over 20 s.
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }

    /// In a study with enough outcomes to be indexed, an outcome's qualified rows are found in
    /// the order written (the index links each to the one before), and a row written twice is
    /// refused as in a small study.
    @Test func qualifiedRowsOfAnIndexedStudyKeepTheirOrder() {
        let others = (0..<20).map { "O\($0): 3/20 vs 4/20" }.joined(separator: ", ")
        let rows =
            #"X[stage "I"]: 3/20 vs 5/20, "# + others + #", X[stage "II"]: 4/25 vs 6/25, X[stage "III"]: 5/30 vs 7/30"#
        var session = Session()
        let script = "study \"A\" < \(rows) >\nstudy \"B\" < X: 2/20 vs 4/20 >\npool X\n"
        let evaluation = session.evaluate(SourceFile(name: "t", text: script))
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
        let study = session.studies[0]
        #expect(study.entries(for: "X").compactMap { $0.qualifier?.value.text } == ["I", "II", "III"])
        #expect(study.firstEntry(for: "X")?.qualifier?.value.text == "I")
        #expect(study.entries(for: "O7").count == 1 && study.entries(for: "Y").isEmpty)
        // A new outcome is registered once, at its first row, whatever rows follow.
        #expect(session.outcomeOrder.filter { $0 == "X" }.count == 1 && session.outcomeOrder.count == 21)
        #expect(session.outcomes["X"]?.firstUse == study.entries(for: "X").first?.span)
        guard case .pool(let pool)? = evaluation.analyses.first else { Issue.record("no pool"); return }
        #expect(pool.studies.map(\.label) == ["A (stage I)", "A (stage II)", "A (stage III)", "B"])
        var again = Session()
        let twice = again.evaluate(
            SourceFile(name: "t", text: "study \"A\" < \(rows), X[stage \"II\"]: 1/9 vs 2/9 >\n"))
        #expect(twice.diagnostics.map(\.id) == [.duplicateOutcomeInStudy])
        #expect(twice.diagnostics.first?.message == "outcome `X` appears twice in this study with stage II")
    }

    /// Options resolved once are reused only while everything they came from is the same: an
    /// outcome's declaration, options written on the statement, another kind of data and
    /// other defaults (in a copy of a session, which shares the memo) each resolve anew.
    @Test func resolvedOptionsFollowWhatTheyCameFrom() {
        let studies = """
            outcome Y model random tau REML
            study "A" < X: 3/20 vs 5/20, Y: 3/20 vs 5/20, M: 5 sd 2 n 20 vs 6 sd 2 n 21 >
            study "B" < X: 4/25 vs 6/25, Y: 4/25 vs 6/25, M: 4 sd 2 n 30 vs 6 sd 3 n 31 >

            """
        func settings(_ evaluation: Evaluation) -> [String] {
            #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
            return evaluation.analyses.map { analysis in
                guard case .pool(let pool) = analysis else { return "?" }
                let options = pool.result.options
                return "\(options.measure.rawValue) \(options.model.rawValue) \(options.tauMethod.rawValue)"
            }
        }
        var base = Session()
        _ = base.evaluate(SourceFile(name: "s", text: studies))
        var first = base, second = base
        let script = "defaults model random tau DL\npool X\npool X\npool M\npool Y\npool X tau PM\npool X\n"
        #expect(
            settings(first.evaluate(SourceFile(name: "t", text: script))) == [
                "OR random DL", "OR random DL", "MD random DL", "OR random REML", "OR random PM", "OR random DL",
            ])
        let other = "defaults model random tau SJ\npool X\n"
        #expect(settings(second.evaluate(SourceFile(name: "u", text: other))) == ["OR random SJ"])
    }
}
