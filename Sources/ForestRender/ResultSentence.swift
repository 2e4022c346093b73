import ForestEval
import ForestStats
import ForestSyntax

/// Pooled results as sentences for a manuscript, in the journal style of the seed review:
/// `Partial response: OR = 2.14, 95% CI: 1.32–3.48, P = 0.002; I² = 0% (5 studies, 342 participants).`
///
/// Estimates and limits have two decimals, on the natural scale (exponentiated for ratios); P
/// has three decimals, or reads `P < 0.001`; I² is a whole percentage.
public enum ResultSentence {
    /// The sentences of an analysis: one for a pooled analysis; one per subgroup, the overall
    /// result and the test for subgroup differences for a subgroup analysis; the analysis
    /// with and without the excluded studies for an exclusion. Other analyses have none. A
    /// control character in a label is shown escaped (`\u{0}`), wherever the sentence goes.
    public static func sentences(_ analysis: Analysis) -> [String] {
        unescaped(analysis).map { VisibleText.escaped($0) }
    }

    private static func unescaped(_ analysis: Analysis) -> [String] {
        switch analysis {
        case .pool(let pool):
            return [sentence(pool)]
        case .subgroup(let s):
            var sentences = s.groups.map { group in
                let subject = "\(s.overall.outcome.title), \(group.label ?? "\(s.attribute) \(group.value)")"
                guard let result = group.result else { return "\(subject): not estimable." }
                return sentence(subject, result, studies: group.studies, pool: s.overall)
            }
            sentences.append(
                sentence(
                    s.overall.outcome.title + ", all subgroups", s.overall.result, studies: s.overall.studies,
                    pool: s.overall))
            if let test = s.test {
                sentences.append(
                    "\(s.overall.outcome.title), test for subgroup differences (\(s.attribute)): χ² = "
                        + "\(NumberFormat.fixed(test.q)), df = \(test.df), \(p(test.pValue)); I² = \(NumberFormat.percent(test.i2))."
                )
            }
            return sentences
        case .exclusion(let e):
            return [
                sentence(e.all.outcome.title + ", all studies", e.all.result, studies: e.all.studies, pool: e.all),
                sentence(
                    e.all.outcome.title + ", without \(e.criterion)", e.without.result, studies: e.without.studies,
                    pool: e.without),
            ]
        default:
            return []
        }
    }

    /// `Partial response: OR = 2.14, 95% CI: 1.32–3.48, P = 0.002; I² = 0% (5 studies, 342 participants).`
    public static func sentence(_ pool: PoolAnalysis) -> String {
        sentence(pool.outcome.title, pool.result, studies: pool.studies, pool: pool)
    }

    static func sentence(_ subject: String, _ r: PoolResult, studies: [AnalysisStudy], pool: PoolAnalysis) -> String {
        let count = counted(r.k, rows: studies.contains { $0.qualifier != nil }) + participants(studies)
        guard let estimate = r.estimate, let interval = r.interval, let pValue = r.pValue else {
            return "\(subject): not estimable (\(count))."
        }
        let decimals = PoolText.rateDifferenceDecimals(pool) ?? 2
        let natural = { NumberFormat.fixed(RevManLabels.natural($0, pool.scale), decimals) }
        var text = "\(subject): \(abbreviation(pool)) = \(natural(estimate)), "
        text += "\(NumberFormat.data(r.options.level))% CI: \(natural(interval.lower))–\(natural(interval.upper))"
        // A proportion's z test (against 0.5 as a logit, 0 otherwise) is no finding to report.
        if pool.outcome.kind != .proportion { text += ", \(p(pValue))" }
        if r.heterogeneity.df > 0, let i2 = r.heterogeneity.i2 { text += "; I² = \(NumberFormat.percent(i2))" }
        return text + " (\(count))."
    }

    /// The effect's short name: OR, RR, RD, MD, SMD; a generic outcome's declared name.
    static func abbreviation(_ pool: PoolAnalysis) -> String {
        let options = pool.result.options
        switch options.measure {
        case .GEN: return RevManLabels.effectName(pool)
        case .OR where options.method == .Peto, .POR: return "Peto OR"
        case .PLO, .PR, .PFT: return "proportion"
        case .ZCOR, .COR: return "r"
        default: return options.measure.rawValue
        }
    }

    /// `P = 0.002`, `P = 0.760`, `P < 0.001`.
    static func p(_ p: Double) -> String {
        p < 0.001 ? "P < 0.001" : "P = " + NumberFormat.fixed(p, 3)
    }

    private static func counted(_ k: Int, rows: Bool) -> String {
        let noun = rows ? (k == 1 ? "row" : "rows") : (k == 1 ? "study" : "studies")
        return "\(k) \(noun)"
    }

    /// `, 342 participants` for data that carry sizes; nothing for generic, O − E or rate data.
    private static func participants(_ studies: [AnalysisStudy]) -> String {
        var total = 0.0
        for study in studies {
            guard let size = study.data.size else { return "" }
            total += size
        }
        return ", \(NumberFormat.data(total)) participants"
    }
}

extension ResultSentence {
    /// `forest run --format sentences`: each analysis's sentences, one a line.
    struct Writer: ReportWriter {
        /// ASCII only (`--ascii`).
        var ascii = false

        func prologue(title: String?, analyses: Int) -> [UInt8] { [] }

        mutating func add(_ analysis: Analysis, to sink: ([UInt8]) -> Void) {
            for shown in ResultSentence.sentences(analysis) {
                sink(Array(((ascii ? ASCIIText.fold(shown) : shown) + "\n").utf8))
            }
        }

        func finish(to sink: ([UInt8]) -> Void) {}
    }
}
