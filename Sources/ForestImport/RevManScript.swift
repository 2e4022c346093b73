import ForestSyntax

/// A RevMan 5 review as a readable Forest script: the title; one `outcome` declaration per
/// analysis (RevMan's "Analysis 1.2" is outcome `A1_2`) with its label, arms, favours labels,
/// effect measure, method, model and confidence level; one `study` statement per study with its
/// year, its risk-of-bias judgements and a row for every analysis it is in (qualified by
/// `subgroup` inside RevMan's subgroups); then a `pool` statement per analysis (`by subgroup`
/// where it has subgroups).
///
/// Data types: dichotomous → binary (events/total); continuous → mean, SD, N; generic inverse
/// variance → estimate and SE as RevMan stores them (on the analysis scale: a log ratio for
/// ratio measures, declared `scale log`); O−E and variance → generic, ln(Peto OR) = (O−E)/V
/// with SE 1/√V (Yusuf et al. 1985), pooled by inverse variance as RevMan pools them.
public enum RevManScript {
    public struct Problem: Error, Sendable, Hashable {
        public var message: String
    }

    /// The script; `source` says where the review came from ("review.rm5 (RevMan 5)").
    public static func text(_ review: RevManReview, source: String) throws(Problem) -> String {
        var outcomes: [(name: String, outcome: RevManReview.Outcome, comparison: RevManReview.Comparison)] = []
        for comparison in review.comparisons {
            for (index, outcome) in comparison.outcomes.enumerated() {
                let number = outcome.values["NO"] ?? "\(index + 1)"
                outcomes.append(("A\(comparison.number)_\(number)", outcome, comparison))
            }
        }
        var lines = ["# Imported by `forest import` from \(source).", ""]
        if !review.title.isEmpty { lines += ["review \(ScriptWriter.quote(review.title))", ""] }
        for entry in outcomes {
            lines.append(
                "# Analysis \(entry.name.dropFirst().replacing("_", with: ".")): \(entry.outcome.name) (comparison: \(entry.comparison.name))"
            )
            lines.append(try declaration(entry.name, entry.outcome))
        }
        let domains = robDomains(review)
        lines += [""] + (domains == nil ? robLegend(review) : [])
        let studies = try studyLines(review, outcomes.map { ($0.name, $0.outcome) }, robAttributes: domains == nil)
        lines += studies
        if let domains { lines += robStatements(review, domains, outcomes.map(\.outcome)) }
        lines.append("")
        for entry in outcomes where !entry.outcome.rows.isEmpty {
            lines.append(
                "pool \(entry.name)" + (entry.outcome.subgroups.isEmpty ? "" : " by subgroup") + sort(entry.outcome))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `outcome NAME label … arms … favours … measure … method … model … level …`.
    static func declaration(_ name: String, _ outcome: RevManReview.Outcome) throws(Problem) -> String {
        var words = ["outcome", name]
        if !outcome.name.isEmpty { words += ["label", ScriptWriter.quote(outcome.name)] }
        if outcome.groupLabels.allSatisfy({ !$0.isEmpty }) {
            words += ["arms"] + outcome.groupLabels.map(ScriptWriter.quote)
        }
        if outcome.graphLabels.allSatisfy({ !$0.isEmpty }) {
            words += ["favours"] + outcome.graphLabels.map(ScriptWriter.quote)
        }
        let measure = outcome.values["EFFECT_MEASURE"] ?? ""
        switch outcome.kind {
        case .dichotomous:
            guard ["OR", "RR", "RD", "PETO_OR"].contains(measure) else {
                throw Problem(
                    message:
                        "analysis \(name): effect measure \(measure) of dichotomous data is not one Forest computes")
            }
            words +=
                measure == "PETO_OR" ? ["measure", "OR", "method", "Peto"] : ["measure", measure] + method(outcome)
        case .continuous:
            guard ["MD", "SMD"].contains(measure) else {
                throw Problem(
                    message: "analysis \(name): effect measure \(measure) of continuous data is not one Forest computes"
                )
            }
            words += ["measure", measure]
        case .genericInverseVariance:
            let ratio = ["OR", "RR", "HR", "PETO_OR", "RATIO"].contains(measure)
            if ratio { words += ["scale", "log"] }
            if let effect = effectName(measure) { words += ["effect", ScriptWriter.quote(effect)] }
        case .observedMinusExpected:
            // O − E and variance as they are (`Z var V`) for Peto odds ratios and hazard ratios;
            // another measure named on such data is kept as a generic log effect and its name.
            if let own = observedMinusExpectedMeasure(measure) {
                words += ["measure", own]
            } else {
                words += ["scale", "log", "effect", ScriptWriter.quote(effectName(measure) ?? "Peto Odds Ratio")]
            }
        }
        words += ["model", outcome.values["RANDOM"] == "YES" ? "random" : "fixed"]
        if let level = outcome.values["CI_TOTAL"].flatMap(Double.init), level != 95 {
            words += ["level", NumberWords.plain(level)]
        }
        return words.joined(separator: " ")
    }

    /// Forest's measure of O − E data for RevMan's EFFECT_MEASURE (nil: none of them).
    static func observedMinusExpectedMeasure(_ measure: String) -> String? {
        ["PETO_OR": "POR", "HR": "HR"][measure]
    }

    private static func method(_ outcome: RevManReview.Outcome) -> [String] {
        switch outcome.values["METHOD"] {
        case "IV": ["method", "IV"]
        case "PETO": ["method", "Peto"]
        default: ["method", "MH"]
        }
    }

    private static func effectName(_ measure: String) -> String? {
        [
            "OR": "Odds Ratio", "RR": "Risk Ratio", "HR": "Hazard Ratio", "PETO_OR": "Peto Odds Ratio",
            "RD": "Risk Difference", "MD": "Mean Difference", "SMD": "Std. Mean Difference",
        ][measure]
    }

    /// RoB 1's domain of each judged quality item, when every judged item names one domain
    /// unambiguously and no two name the same ("Random sequence generation (selection bias)",
    /// RevMan 5.0's "Adequate sequence generation?"); nil otherwise (RevMan 5.0's one
    /// "Blinding?" item is performance or detection bias): the judgements are then kept as
    /// attributes `rob1 low` … with a legend.
    static func robDomains(_ review: RevManReview) -> [(item: RevManReview.QualityItem, domain: String)]? {
        let judged = review.qualityItems.filter { !$0.judgements.isEmpty }
        guard !judged.isEmpty else { return nil }
        let rules: [(domain: String, phrases: [String])] = [
            ("sequence", ["sequence generation"]), ("allocation", ["allocation concealment"]),
            ("performance", ["blinding of participants", "performance bias"]),
            ("detection", ["blinding of outcome", "detection bias"]),
            ("attrition", ["incomplete outcome", "attrition bias"]),
            ("reporting", ["selective reporting", "selective outcome reporting", "reporting bias"]),
            ("other", ["other bias", "other sources of bias"]),
        ]
        var mapped: [(RevManReview.QualityItem, String)] = []
        for item in judged {
            let name = item.name.lowercased()
            let domains = rules.filter { rule in rule.phrases.contains { name.contains($0) } }.map(\.domain)
            guard domains.count == 1, !mapped.contains(where: { $0.1 == domains[0] }) else { return nil }
            mapped.append((item, domains[0]))
        }
        return mapped
    }

    /// `rob "LABEL" DOMAIN LEVEL …` for each study with judgements, in the studies' order.
    static func robStatements(
        _ review: RevManReview, _ domains: [(item: RevManReview.QualityItem, domain: String)],
        _ outcomes: [RevManReview.Outcome]
    ) -> [String] {
        var lines: [String] = []
        for study in inRevMansOrder(review, outcomes) {
            let judged = domains.compactMap { entry in
                entry.item.judgements.first { $0.study == study.id }.map { "\(entry.domain) \(judgement($0.result))" }
            }
            guard !judged.isEmpty else { continue }
            lines.append("rob \(ScriptWriter.quote(study.name)) " + judged.joined(separator: " "))
        }
        return lines.isEmpty
            ? [] : ["", "# Risk of bias (RoB 1; RevMan's yes/no/unclear as low/high/unclear):"] + lines
    }

    /// The risk-of-bias items as a comment: which attribute holds which domain.
    private static func robLegend(_ review: RevManReview) -> [String] {
        let judged = review.qualityItems.filter { !$0.judgements.isEmpty }
        guard !judged.isEmpty else { return [] }
        return ["# Risk of bias (RevMan's judgements: low, high or unclear):"]
            + judged.map { "#   rob\($0.number): \($0.name)" } + [""]
    }
}

/// Numbers as a script writes them.
enum NumberWords {
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}

extension RevManScript {
    /// One `study` statement per included study that has data: its year, risk-of-bias
    /// judgements and rows, in the order RevMan lists the studies.
    static func studyLines(
        _ review: RevManReview, _ outcomes: [(name: String, outcome: RevManReview.Outcome)], robAttributes: Bool = true
    ) throws(Problem) -> [String] {
        var entries: [String: [String]] = [:]
        for (name, outcome) in outcomes {
            for row in outcome.rows {
                let qualifier = row.subgroup.map { "[subgroup \(ScriptWriter.quote($0))]" } ?? ""
                entries[row.studyID, default: []].append(
                    "\(name)\(qualifier): \(try data(row, outcome.kind, name, measure: outcome.values["EFFECT_MEASURE"] ?? ""))"
                )
            }
        }
        let known = Set(review.studies.map(\.id))
        if let unknown = entries.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(
                message:
                    "a data row refers to study \(RevManReview.unescapedID(unknown)), which the file does not define")
        }
        var lines: [String] = []
        var withoutData: [String] = []
        for study in inRevMansOrder(review, outcomes.map(\.outcome)) {
            guard let rows = entries[study.id] else {
                withoutData.append(study.name)
                continue
            }
            var words = ["study", ScriptWriter.quote(study.name)]
            if let year = Int(study.year) { words += ["year", String(year)] }
            for item in review.qualityItems where robAttributes {
                if let result = item.judgements.first(where: { $0.study == study.id })?.result {
                    words += ["rob\(item.number)", judgement(result)]
                }
            }
            let head = words.joined(separator: " ")
            lines.append(
                rows.count == 1
                    ? "\(head) < \(rows[0]) >" : "\(head) <\n    " + rows.joined(separator: ",\n    ") + " >")
        }
        if !withoutData.isEmpty {
            lines.append("# Included studies without data in any analysis: " + withoutData.joined(separator: ", "))
        }
        return lines
    }

    /// The studies in the order of the analyses' rows (each analysis's rows by RevMan's ORDER),
    /// so that an analysis sorted by the user in RevMan lists its studies as RevMan does; studies
    /// in no analysis keep the file's order.
    static func inRevMansOrder(_ review: RevManReview, _ outcomes: [RevManReview.Outcome]) -> [RevManReview.Study] {
        var order: [String] = []
        for outcome in outcomes {
            let rows = outcome.rows.enumerated().sorted { a, b in
                let (x, y) = (Double(a.element.values["ORDER"] ?? ""), Double(b.element.values["ORDER"] ?? ""))
                return (x ?? .infinity, a.offset) < (y ?? .infinity, b.offset)
            }
            for row in rows where !order.contains(row.element.studyID) { order.append(row.element.studyID) }
        }
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return review.studies.enumerated().sorted { a, b in
            (rank[a.element.id] ?? Int.max, a.offset) < (rank[b.element.id] ?? Int.max, b.offset)
        }.map(\.element)
    }

    /// `sort …` for RevMan's SORT_BY of an analysis (USER is the order of the studies).
    static func sort(_ outcome: RevManReview.Outcome) -> String {
        switch outcome.values["SORT_BY"] {
        case "STUDY": " sort label"
        case "YEAR", "STUDY_YEAR": " sort year"
        case "EFFECT_SIZE": " sort effect"
        case "WEIGHT": " sort weight descending"
        default: ""
        }
    }

    /// RevMan's judgement in Forest's words.
    static func judgement(_ result: String) -> String {
        switch result.uppercased() {
        case "YES", "LOW": "low"
        case "NO", "HIGH": "high"
        case "SOME": "unclear"
        default: "unclear"
        }
    }

    /// A data row in the grammar's form.
    static func data(
        _ row: RevManReview.Row, _ kind: RevManReview.OutcomeKind, _ outcome: String, measure: String = ""
    ) throws(Problem)
        -> String
    {
        func number(_ key: String) throws(Problem) -> String {
            guard let text = row.values[key], let value = Double(text), value.isFinite else {
                throw Problem(
                    message:
                        "analysis \(outcome), study \(RevManReview.unescapedID(row.studyID)): \(key) is \(row.values[key].map { "\"\($0)\"" } ?? "missing")"
                )
            }
            return NumberWords.plain(value)
        }
        switch kind {
        case .dichotomous:
            return
                "\(try number("EVENTS_1"))/\(try number("TOTAL_1")) vs \(try number("EVENTS_2"))/\(try number("TOTAL_2"))"
        case .continuous:
            return "\(try number("MEAN_1")) sd \(try number("SD_1")) n \(try number("TOTAL_1")) vs "
                + "\(try number("MEAN_2")) sd \(try number("SD_2")) n \(try number("TOTAL_2"))"
        case .genericInverseVariance:
            return "\(try number("EFFECT_SIZE")) se \(try number("SE"))"
        case .observedMinusExpected:
            let oe = Double(try number("O_E"))!, variance = Double(try number("VAR"))!
            guard variance > 0 else {
                throw Problem(
                    message: "analysis \(outcome), study \(RevManReview.unescapedID(row.studyID)): VAR must be positive"
                )
            }
            if observedMinusExpectedMeasure(measure) != nil {
                return "\(NumberWords.plain(oe)) var \(NumberWords.plain(variance))"
            }
            return "\(NumberWords.plain(oe / variance)) se \(NumberWords.plain(1 / variance.squareRoot()))"
        }
    }
}
