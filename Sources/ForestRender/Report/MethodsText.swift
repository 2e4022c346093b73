import ForestEval
import ForestStats

/// The methods paragraph of a report, written from what the analyses actually used (effect
/// measures, pooling methods, models, τ² estimators, adjustments, tests, conventions), and
/// the references it cites, in order of first citation.
enum MethodsText {
    /// The paragraphs, and the references they cite in order of first citation.
    static func write(_ report: ReviewReport) -> (paragraphs: [String], references: [String]) {
        var methods = Citations()
        var paragraphs: [String] = []
        let conventions = Set(report.analyses.compactMap { options(of: $0)?.convention })
        var software = "The analyses were computed with Forest \(ForestVersion.current)"
        var followed: [String] = []
        if conventions.contains(.revman) {
            followed.append("the algorithms of Review Manager 5 (\(methods.cite(.revman)))")
        }
        if conventions.contains(.metafor) {
            followed.append("the conventions of R's metafor package (\(methods.cite(.metafor)))")
        }
        if !followed.isEmpty { software += ", following " + followed.joined(separator: " and ") }
        paragraphs.append(software + ".")
        var pooling: [String] = []
        for (options, outcomes) in poolingGroups(report.analyses) {
            pooling.append(
                "\(list(outcomes)): \(measureWords(options.measure)) with \(NumberFormat.data(options.level))% "
                    + "confidence intervals, pooled by \(methodWords(options, &methods)) in "
                    + "\(modelWords(options, &methods)).")
        }
        if !pooling.isEmpty {
            paragraphs.append(
                pooling.joined(separator: " ") + " Heterogeneity was assessed with Cochran's Q (the χ² test) and "
                    + "quantified with I² (\(methods.cite(.higginsThompson)))" + heterogeneityExtras(report, &methods)
                    + ".")
        }
        let other = otherMethods(report, &methods)
        if !other.isEmpty { paragraphs.append(other.joined(separator: " ")) }
        return (paragraphs, methods.order.map(\.reference))
    }

    /// The options an analysis was computed with.
    static func options(of analysis: Analysis) -> PoolOptions? {
        switch analysis {
        case .pool(let p): p.result.options
        case .subgroup(let s): s.overall.result.options
        case .sequence(let s): s.options
        case .exclusion(let e): e.all.result.options
        case .bias(let b): b.options
        default: nil
        }
    }

    /// The pooled analyses' settings, each with the outcomes pooled with them, in order.
    private static func poolingGroups(_ analyses: [Analysis]) -> [(PoolOptions, [String])] {
        var groups: [(PoolOptions, [String])] = []
        for analysis in analyses {
            let outcome: OutcomeDescription
            switch analysis {
            case .pool(let p): outcome = p.outcome
            case .subgroup(let s): outcome = s.outcome
            default: continue
            }
            guard let options = options(of: analysis) else { continue }
            if let index = groups.firstIndex(where: { $0.0 == options }) {
                if !groups[index].1.contains(outcome.title) { groups[index].1.append(outcome.title) }
            } else {
                groups.append((options, [outcome.title]))
            }
        }
        return groups
    }

    private static func measureWords(_ measure: EffectMeasure) -> String {
        switch measure {
        case .OR: "odds ratios (OR)"
        case .RR: "risk ratios (RR)"
        case .RD: "risk differences (RD)"
        case .MD: "mean differences (MD)"
        case .SMD: "standardised mean differences (SMD, Hedges' g)"
        case .GEN: "the studies' own estimates (generic inverse variance)"
        case .HR: "hazard ratios (HR) from O − E and variance (Peto's method)"
        case .POR: "Peto odds ratios from O − E and variance"
        case .PLO: "logit-transformed proportions, back-transformed"
        case .PR: "untransformed proportions"
        case .PFT: "Freeman–Tukey double arcsine-transformed proportions, back-transformed (Miller 1978)"
        case .IRR: "incidence rate ratios (IRR)"
        case .IRD: "incidence rate differences (IRD)"
        case .ZCOR: "Fisher's z-transformed correlations, back-transformed"
        case .COR: "untransformed correlation coefficients"
        }
    }

    private static func methodWords(_ options: PoolOptions, _ methods: inout Citations) -> String {
        switch options.method {
        case .MH: "the Mantel–Haenszel method (\(methods.cite(.mantelHaenszel)); \(methods.cite(.greenlandRobins)))"
        case .IV: "the inverse-variance method"
        case .Peto: "Peto's method (\(methods.cite(.yusuf)))"
        }
    }

    private static func modelWords(_ options: PoolOptions, _ methods: inout Citations) -> String {
        guard options.model == .random else { return "a fixed-effect model" }
        let estimator: String
        switch options.tauMethod {
        case .DL: estimator = "the DerSimonian–Laird estimator (\(methods.cite(.dersimonianLaird)))"
        case .REML: estimator = "restricted maximum likelihood (\(methods.cite(.viechtbauer2005)))"
        case .ML: estimator = "maximum likelihood (\(methods.cite(.viechtbauer2005)))"
        case .PM: estimator = "the Paule–Mandel estimator (\(methods.cite(.pauleMandel)))"
        case .HE: estimator = "the Hedges estimator (\(methods.cite(.hedges1983)))"
        case .SJ: estimator = "the Sidik–Jonkman estimator (\(methods.cite(.sidikJonkman2005)))"
        case .EB: estimator = "the empirical Bayes estimator (\(methods.cite(.morris)))"
        }
        var words = "a random-effects model, with τ² estimated by \(estimator)"
        if options.hksj {
            words +=
                " and the Hartung–Knapp–Sidik–Jonkman adjustment (\(methods.cite(.hartungKnapp)); "
                + "\(methods.cite(.sidikJonkman2002)))"
        }
        return words
    }

    /// Q-profile intervals and prediction intervals, when some analysis has them.
    private static func heterogeneityExtras(_ report: ReviewReport, _ methods: inout Citations) -> String {
        let results = report.analyses.compactMap { analysis -> PoolResult? in
            switch analysis {
            case .pool(let p): p.result
            case .subgroup(let s): s.overall.result
            default: nil
            }
        }
        var extras = ""
        if results.contains(where: { $0.heterogeneityIntervals != nil }) {
            extras += "; confidence intervals for τ² and I² use the Q-profile method (\(methods.cite(.qProfile)))"
        }
        if results.contains(where: { $0.prediction != nil }) {
            extras += "; random-effects analyses give prediction intervals (\(methods.cite(.prediction)))"
        }
        return extras
    }

    /// The meta-regressions of the report, if any: outcomes and moderators, and how they were fitted.
    private static func regressionSentence(_ report: ReviewReport, _ methods: inout Citations) -> String? {
        var regressions: [String] = [], knappHartung = false
        for case .metaRegression(let r) in report.analyses {
            append("\(r.outcome.title) on \(r.moderators.map(\.name).joined(separator: " and "))", to: &regressions)
            knappHartung = knappHartung || r.options.hksj
        }
        guard !regressions.isEmpty else { return nil }
        return "Meta-regressions (\(list(regressions))) were fitted by weighted least squares with the τ² estimator "
            + "of the analysis (\(methods.cite(.thompsonHiggins)); \(methods.cite(.metafor)))"
            + (knappHartung ? ", with the Knapp–Hartung adjustment (\(methods.cite(.knappHartung)))" : "") + "."
    }

    /// Subgroup, sensitivity, cumulative and small-study analyses; risk of bias; GRADE; PRISMA.
    /// A small-study test as the methods name it, with its citation.
    private static func testWords(_ test: BiasAnalysis.Test, _ methods: inout Citations) -> String {
        switch test {
        case .egger: "Egger's regression test (\(methods.cite(.egger)))"
        case .begg: "Begg's rank correlation test (\(methods.cite(.begg)))"
        case .peters: "Peters' regression test on 1/N (\(methods.cite(.petersTest)))"
        case .harbord: "Harbord's score test (\(methods.cite(.harbord)))"
        case .failSafeN(let f):
            "\(f.method.rawValue)'s fail-safe N (\(methods.cite(f.method == .rosenthal ? .rosenthal : f.method == .rosenberg ? .rosenberg : .orwin)))"
        case .trimAndFill: "trim-and-fill with the L₀ estimator (\(methods.cite(.duvalTweedie)))"
        }
    }

    private static func otherMethods(_ report: ReviewReport, _ methods: inout Citations) -> [String] {
        var sentences: [String] = []
        var subgroups: [String] = [], leaveOneOut: [String] = [], cumulative: [String] = [], excluded: [String] = []
        var tests: [String] = [], contours = false
        var hasFindings = false
        for analysis in report.analyses {
            switch analysis {
            case .subgroup(let s): append("\(s.outcome.title) by \(s.attribute)", to: &subgroups)
            case .sequence(let s):
                if case .leaveOneOut = s.kind {
                    append(s.outcome.title, to: &leaveOneOut)
                } else {
                    append(s.outcome.title, to: &cumulative)
                }
            case .exclusion(let e): append("\(e.outcome.title) without \(e.criterion)", to: &excluded)
            case .bias(let b): append(testWords(b.test, &methods), to: &tests)
            case .figure(let f): contours = contours || (f.kind == .funnel && f.contours)
            case .table(let t): hasFindings = hasFindings || t.kind == "summary_of_findings"
            default: break
            }
        }
        if !subgroups.isEmpty {
            sentences.append(
                "Subgroup differences (\(list(subgroups))) were tested with the χ² test for subgroup differences "
                    + "(\(methods.cite(.revman))).")
        }
        if !leaveOneOut.isEmpty {
            sentences.append("Sensitivity analyses left out one study at a time (\(list(leaveOneOut))).")
        }
        if !excluded.isEmpty { sentences.append("Sensitivity analyses were repeated \(list(excluded)).") }
        if !cumulative.isEmpty {
            sentences.append("Cumulative meta-analyses added one study at a time (\(list(cumulative))).")
        }
        if !tests.isEmpty { sentences.append("Small-study effects were examined with \(list(tests)).") }
        if let regressions = regressionSentence(report, &methods) { sentences.append(regressions) }
        if contours {
            sentences.append("Funnel plots are contour-enhanced (\(methods.cite(.peters))).")
        }
        if let rob = report.rob.first {
            let rob2 = rob.domains.contains(RobDomainTitles.overall)
            sentences.append(
                "Risk of bias was judged with the Cochrane tool for randomised trials, "
                    + (rob2 ? "RoB 2 (\(methods.cite(.rob2)))." : "RoB 1 (\(methods.cite(.rob1)))."))
        }
        if hasFindings {
            sentences.append("The certainty of the evidence was rated with GRADE (\(methods.cite(.grade))).")
        }
        if report.prisma != nil {
            sentences.append("Study selection is reported as PRISMA 2020 recommends (\(methods.cite(.prisma))).")
        }
        return sentences
    }

    private static func append(_ item: String, to list: inout [String]) {
        if !list.contains(item) { list.append(item) }
    }

    /// `A`, `A and B`, `A, B and C`.
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

/// The risk-of-bias domain titles the methods text looks for.
enum RobDomainTitles {
    static let overall = "Overall risk of bias"
}

/// Citations made while writing the methods, in order of first use.
struct Citations {
    var order: [Citation] = []

    mutating func cite(_ citation: Citation) -> String {
        if !order.contains(citation) { order.append(citation) }
        return citation.short
    }
}
