import ForestStats
import ForestSyntax
import Foundation

/// `bias OUTCOME egger|begg|trimfill`: the small-study tests.
extension Session {
    /// `bias OUTCOME egger|begg|trimfill …` — inverse-variance effects unless a method is given.
    func bias(_ statement: BiasStatement) throws(DiagnosticList) -> (Analysis, [Diagnostic]) {
        let info = try outcome(statement.outcome)
        // Inherited options a test does not take are set aside: Egger's and Begg's tests have
        // no random-effects model, trim-and-fill re-pools by inverse variance.
        let ignored: Set<OptionName> = statement.test.value == .trimfill ? [.method] : [.model, .tau, .hksj]
        var options = try resolveOptions(
            statement.options, kind: info.kind, outcome: statement.outcome, ignoringInherited: ignored)
        try rejectBy(options, in: "bias")
        if !options.methodGiven { options.pool.method = .IV }
        try checkBiasOptions(statement)
        let reporting = try reporting(statement.outcome, options)
        let fit = try fitted(
            statement.outcome, studies: reporting, options: options.pool, selection: options.selection,
            at: statement.span
        ).fit
        let effects = try computing(statement.outcome, options.pool, at: statement.span) { () throws(PoolError) in
            try fit.smallStudyEffects()
        }
        let name = Self.testName(statement.test.value)
        guard effects.count >= 3 else {
            throw DiagnosticList([
                .error(
                    .tooFewStudies,
                    "\(name) needs at least 3 studies; `\(statement.outcome.value)` has \(effects.count) with an estimate",
                    at: statement.test.span)
            ])
        }
        var description = description(of: statement.outcome.value)!
        description.selection = options.selection
        let scale = naturalScale(options.pool, description, studies: reporting)
        let test = try biasTest(statement, fit: fit, effects: effects, scale: scale)
        var warnings: [Diagnostic] = []
        // A fail-safe N is a count, not a test for asymmetry: the Handbook's advice is for tests.
        if effects.count < 10 && ![.rosenthal, .rosenberg, .orwin].contains(statement.test.value) {
            warnings.append(
                .warning(
                    .fewStudiesForBiasTest, "\(name) on \(effects.count) studies has little power",
                    at: statement.test.span,
                    notes: [
                        "tests for funnel-plot asymmetry are usually run only with at least 10 studies (Cochrane Handbook §13.3.5.4)"
                    ]))
        }
        let analysis = BiasAnalysis(
            outcome: description, options: options.pool, test: test, k: effects.count,
            scale: scale)
        return (.bias(analysis), warnings + options.warnings)
    }

    /// Trim-and-fill re-pools by inverse variance; Egger's and Begg's tests weigh by the
    /// studies' own variances (metafor's regtest(model = "lm") and ranktest), so a
    /// random-effects model plays no part in them.
    private func checkBiasOptions(_ statement: BiasStatement) throws(DiagnosticList) {
        for option in statement.options {
            let owner: BiasTestName
            switch option.name.value {
            case .estimator, .side: owner = .trimfill
            case .target: owner = .orwin
            default: continue
            }
            guard statement.test.value != owner else { continue }
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "`\(option.name.value.rawValue)` applies to \(Self.testName(owner)) only",
                    at: option.span,
                    help: "drop it, or write `bias \(statement.outcome.value) \(owner.rawValue) …`")
            ])
        }
        guard statement.test.value != .trimfill else {
            try requireInverseVariance(statement.options)
            return
        }
        for option in statement.options where [.model, .tau, .hksj].contains(option.name.value) {
            guard option.name.value != .model || option.choice(ModelWord.self) == .random else { continue }
            throw DiagnosticList([
                .error(
                    .incompatibleOption,
                    "`\(option.name.value.rawValue)` does not apply to \(Self.testName(statement.test.value))",
                    at: option.span,
                    notes: ["the test uses the fixed-effect (inverse-variance) weights of the studies"],
                    help: "drop it; for a random-effects adjustment use `bias … trimfill model random`")
            ])
        }
    }

    /// The test the statement names, on the fit's small-study effects (at least three).
    private func biasTest(
        _ statement: BiasStatement, fit: MetaAnalysisFit, effects: [StudyEffect], scale: NaturalScale
    ) throws(DiagnosticList) -> BiasAnalysis.Test {
        let samePrecision = { (name: String) in
            DiagnosticList([
                .error(.tooFewStudies, "\(name) needs studies of different precision", at: statement.test.span)
            ])
        }
        switch statement.test.value {
        case .egger:
            guard let egger = EggerTest(effects, level: fit.options.level) else { throw samePrecision("Egger's test") }
            return .egger(egger)
        case .begg:
            guard let begg = BeggTest(effects) else { throw samePrecision("Begg's test") }
            return .begg(begg)
        case .trimfill:
            let estimator: TrimAndFillResult.Estimator =
                statement.options[.estimator]?.choice(EstimatorWord.self) == .R0 ? .R0 : .L0
            let side = statement.options[.side]?.choice(SideWord.self).map {
                $0 == .left ? TrimAndFillResult.Side.left : .right
            }
            return .trimAndFill(
                try computing(statement.outcome, fit.options, at: statement.span) { () throws(PoolError) in
                    try fit.trimAndFill(estimator: estimator, side: side)
                })
        case .peters:
            return .peters(try petersTest(statement, fit: fit))
        case .rosenthal, .rosenberg:
            let method: FailSafeN.Method = statement.test.value == .rosenthal ? .rosenthal : .rosenberg
            guard let n = FailSafeN(effects, method: method) else { throw samePrecision("the fail-safe N") }
            return .failSafeN(n)
        case .orwin:
            return .failSafeN(try orwin(statement, effects: effects, scale: scale))
        case .harbord:
            return .harbord(try harbordTest(statement, fit: fit))
        }
    }

    /// Orwin's fail-safe N for the statement's target (given on the scale shown: an odds ratio,
    /// not its log; a proportion, not its logit) or half the mean effect.
    private func orwin(
        _ statement: BiasStatement, effects: [StudyEffect], scale: NaturalScale
    ) throws(DiagnosticList) -> FailSafeN {
        let option = statement.options[.target]
        var target: Double? = nil
        if let option, case .number(let given) = option.value {
            guard let value = scale.analysisValue(given.value) else {
                throw DiagnosticList([
                    .error(
                        .invalidOptionValue,
                        scale.isLog
                            ? "a target ratio must be positive, not \(given.span.text)"
                            : "\(given.span.text) is not a value this measure takes",
                        at: given.span,
                        help: scale.isLog
                            ? "give the target as the ratio itself, e.g. `target 0.9`"
                            : "give a proportion strictly between 0 and 1, or a correlation between -1 and 1")
                ])
            }
            target = value
        }
        guard let n = FailSafeN(orwin: effects, target: target) else {
            let mean = effects.reduce(0) { $0 + $1.y } / Double(effects.count)
            let shown = String(format: "%.3g", scale.natural(mean))
            throw DiagnosticList([
                .error(
                    .invalidOptionValue,
                    mean == 0
                        ? "Orwin's fail-safe N needs a mean effect other than no effect"
                        : "Orwin's target must lie between no effect and the mean effect (\(shown))",
                    at: option?.span ?? statement.test.span,
                    notes: ["the N is the number of null studies that would bring the mean effect down to the target"])
            ])
        }
        return n
    }

    /// Harbord's score test: binary data analysed as odds ratios.
    private func harbordTest(_ statement: BiasStatement, fit: MetaAnalysisFit) throws(DiagnosticList) -> EggerTest {
        guard case .binary(let rows) = fit.data, fit.options.measure == .OR else {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "Harbord's test is a test for odds ratios of binary data",
                    at: statement.test.span,
                    notes: ["it regresses Peto's score (O − E)/√V on √V from each 2×2 table"],
                    help: "use Egger's test (`bias \(statement.outcome.value) egger`)")
            ])
        }
        guard let test = EggerTest(harbord: rows.map(\.table), level: fit.options.level) else {
            throw DiagnosticList([
                .error(
                    .tooFewStudies, "Harbord's test needs at least 3 studies with events of different precision",
                    at: statement.test.span)
            ])
        }
        return test
    }

    /// Peters' test: Egger's regression on 1/N, for data that carry each study's size.
    private func petersTest(_ statement: BiasStatement, fit: MetaAnalysisFit) throws(DiagnosticList) -> EggerTest {
        let sized = try computing(statement.outcome, fit.options, at: statement.span) {
            () throws(PoolError) in try fit.smallStudyEffectsAndSizes()
        }
        guard let sized else {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "Peters' test regresses on 1/N: it needs each study's size",
                    at: statement.test.span, notes: ["generic data (an estimate and its SE) carry no sizes"],
                    help: "use Egger's test (`bias \(statement.outcome.value) egger`)")
            ])
        }
        guard let peters = EggerTest(peters: sized.effects, sizes: sized.sizes, level: fit.options.level) else {
            throw DiagnosticList([
                .error(.tooFewStudies, "Peters' test needs studies of different sizes", at: statement.test.span)
            ])
        }
        return peters
    }

    /// A test's name in a sentence.
    static func testName(_ test: BiasTestName) -> String {
        switch test {
        case .egger: "Egger's test"
        case .begg: "Begg's test"
        case .trimfill: "trim-and-fill"
        case .peters: "Peters' test"
        case .rosenthal: "Rosenthal's fail-safe N"
        case .rosenberg: "Rosenberg's fail-safe N"
        case .orwin: "Orwin's fail-safe N"
        case .harbord: "Harbord's test"
        }
    }
}
