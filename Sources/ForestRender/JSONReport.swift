import ForestEval
import ForestStats
import ForestSyntax
import Foundation

/// The JSON contract of LANGUAGE.md and shared/reference/README.md:
/// `{"results": [ANALYSIS, …]}`, each analysis with `outcome`, its settings and its results.
public enum JSONReport {
    /// With `studyRows` false the per-study arrays (`studies`) are left out: for analyses of
    /// very many studies whose rows are not wanted (`forest run --format json --no-studies`).
    /// The version of the document's layout (docs/json.md, docs/forest-results.schema.json).
    public static let schema = "forest-results/1"

    public static func document(_ analyses: [Analysis], title: String? = nil, studyRows: Bool = true) -> JSONValue {
        .object([
            ("schema", .string(schema)), ("title", title.map { .string($0) } ?? .null),
            ("results", .array(analyses.map { value($0, studyRows: studyRows) })),
        ])
    }

    /// `document` one analysis at a time: the same bytes as `document(…).write(indent: 2)`
    /// and a final line break.
    struct Writer: ReportWriter {
        let studyRows: Bool
        var count = 0
        /// The last pooled analysis's rows, for the next analysis of the same studies.
        let rows = RowMemo()

        func prologue(title: String?, analyses: Int) -> [UInt8] {
            let head =
                "{\n  \"schema\": \"\(JSONReport.schema)\",\n  \"title\": "
                + (title.map { JSONValue.string($0).serialized(indent: 2) } ?? "null") + ",\n  \"results\": "
            return Array((head + (analyses == 0 ? "[]" : "[")).utf8)
        }

        mutating func add(_ analysis: Analysis, to sink: ([UInt8]) -> Void) {
            add(analysis, line: nil, to: sink)
        }

        mutating func add(_ analysis: Analysis, line: Int?, to sink: ([UInt8]) -> Void) {
            add(analysis, line: line, to: sink) { rows in rows.write(to: sink) }
        }

        /// `add`, with an analysis's rows that are all kept rows with new weights handed to
        /// `deferring` as such (`KeptRows`), in their place among the pieces.
        mutating func add(_ analysis: Analysis, line: Int?, to sink: ([UInt8]) -> Void, deferring: (KeptRows) -> Void) {
            sink(Array((count == 0 ? "\n    " : ",\n    ").utf8))
            let studyRows = studyRows
            let rows = rows
            JSONBytes.writing(indent: 2, to: sink, deferring: deferring) { out in
                guard case .pool(let pool) = analysis else {
                    return JSONReport.value(analysis, studyRows: studyRows, line: line).write(to: &out, level: 2)
                }
                // The commonest analysis written straight into the bytes (the same bytes).
                var object = JSONObjectBytes(out, level: 2)
                JSONReport.pool(pool, studyRows: studyRows, line: line, memo: rows, into: &object)
                out = object.finish()
            }
            count += 1
        }

        func finish(to sink: ([UInt8]) -> Void) {
            sink(Array((count == 0 ? "\n}\n" : "\n  ]\n}\n").utf8))
        }
    }

    /// One analysis; `line` is its statement's line in the script, when known.
    public static func value(_ analysis: Analysis, studyRows: Bool = true, line: Int? = nil) -> JSONValue {
        guard let line, case .object(var fields) = value(analysis, studyRows: studyRows) else {
            return value(analysis, studyRows: studyRows)
        }
        fields.insert(("line", .int(line)), at: 2)
        return .object(fields)
    }

    static func value(_ analysis: Analysis, studyRows: Bool) -> JSONValue {
        let rows: ([AnalysisStudy]) -> [AnalysisStudy]? = { studyRows ? $0 : nil }
        switch analysis {
        case .pool(let pool):
            var fields = JSONFieldList()
            self.pool(pool, studyRows: studyRows, line: nil, into: &fields)
            return .object(fields.fields)
        case .subgroup(let s):
            return subgroup(s, rows: rows)
        case .sequence(let s):
            return sequence(s)
        case .exclusion(let e):
            return .object(
                header(e.outcome, "exclusion", e.all.result.options) + [
                    ("attribute", e.attribute.map { .string($0) } ?? .null),
                    ("value", e.value.map { .string($0) } ?? .null),
                    ("excluded", .array(e.excluded.map { .string($0) })),
                    (
                        "all",
                        .object(poolFields(e.all.result, scale: e.scale, studies: rows(e.all.studies)))
                    ),
                    (
                        "without",
                        .object(
                            poolFields(e.without.result, scale: e.scale, studies: rows(e.without.studies)))
                    ),
                ])
        case .bias(let b):
            return .object(header(b.outcome, biasKind(b.test), b.options) + biasFields(b))
        case .metaRegression(let m):
            return metaRegression(m)
        case .influence(let i):
            return influence(i)
        case .rob, .prisma, .table, .report:
            return reviewValue(analysis)
        case .figure(let f):
            return .object(
                header(f.pool.outcome, f.kind.rawValue + "_plot", f.pool.result.options)
                    + [("file", f.file.map { .string($0) } ?? .null)] + (f.kind == .funnel ? funnelFields(f) : []))
        }
    }

    /// A pooled analysis: its header (with `line` after `kind` when known), results, the
    /// per-study rows unless `studyRows` is false, and the absolute effect when asked for.
    static func pool(
        _ pool: PoolAnalysis, studyRows: Bool, line: Int?, memo: RowMemo? = nil, into fields: inout some JSONFields
    ) {
        header(pool.outcome, "pool", pool.result.options, line: line, into: &fields)
        poolFields(pool.result, scale: pool.scale, studies: studyRows ? pool.studies : nil, memo: memo, into: &fields)
        if let effect = pool.absoluteEffect { fields.add("absolute", absolute(effect)) }
    }

    /// The review's own results: risk-of-bias figures, the PRISMA flow, review tables.
    static func reviewValue(_ analysis: Analysis) -> JSONValue {
        switch analysis {
        case .rob(let rob):
            return .object([
                ("kind", .string("rob_\(rob.kind.rawValue)")), ("file", .string(rob.file)),
                ("domains", .array(rob.domains.map { .string($0) })),
                (
                    "studies",
                    .array(
                        rob.studies.map { study in
                            .object([
                                ("study", .string(study.label)),
                                ("judgements", .array(study.judgements.map { .string($0) })),
                                ("support", .array((rob.support[study.label] ?? []).map { .string($0) })),
                            ])
                        })
                ),
            ])
        case .prisma(let flow):
            let counts: [(String, JSONValue)] = PrismaField.allCases.compactMap { field in
                guard let count = flow.counts[field.rawValue] else { return nil }
                let total: JSONValue = count.total.map { .number($0) } ?? .null
                guard !count.parts.isEmpty else { return (field.rawValue, total) }
                return (
                    field.rawValue,
                    .object([
                        ("total", total),
                        ("sources", .object(count.parts.map { ($0.name, .number($0.count)) })),
                    ])
                )
            }
            return .object([
                ("kind", .string("prisma")), ("file", flow.file.map { .string($0) } ?? .null),
                ("counts", .object(counts)),
            ])
        case .table(let t):
            return .object(
                [("kind", .string(t.kind)), ("file", t.file.map { .string($0) } ?? .null)]
                    + (t.kind == "characteristics" ? [] : [("title", .string(t.title))]) + [
                        ("columns", .array(t.columns.map { .string($0) })),
                        ("rows", .array(t.rows.map { .array($0.map { .string($0) }) })),
                    ] + (t.notes.isEmpty ? [] : [("notes", .array(t.notes.map { .string($0) }))]))
        case .report(let report):
            return .object([
                ("kind", .string("report")), ("file", .string(report.file)),
                ("format", .string(ReportDocuments.format(forPath: report.file)?.key ?? "html")),
                ("title", report.title.map { .string($0) } ?? .null),
                ("analyses", .number(Double(report.analyses.count))),
            ])
        default:
            return .null
        }
    }

    /// `kind: "subgroup"`: each group's fields, the test for subgroup differences, the overall.
    static func subgroup(_ s: SubgroupAnalysis, rows: ([AnalysisStudy]) -> [AnalysisStudy]?) -> JSONValue {
        let overall = Dictionary(
            zip(s.overall.studies.map(\.label), s.overall.result.studies.map(\.weightPercent)),
            uniquingKeysWith: { a, _ in a })
        let groups: [(String, JSONValue)] = s.groups.map { group in
            guard let result = group.result else { return (group.value, .null) }
            var fields = poolFields(result, scale: s.scale, studies: nil)
            if let studies = rows(group.studies) {
                fields.append(("studies", studyRows(studies, result, scale: s.scale, overallWeights: overall)))
            }
            return (group.value, .object(fields))
        }
        let test: JSONValue =
            s.test.map {
                .object([("Q", .number($0.q)), ("df", .int($0.df)), ("p", .number($0.pValue)), ("I2", .number($0.i2))])
            } ?? .null
        return .object(
            header(s.outcome, "subgroup", s.overall.result.options) + [
                ("by", .string(s.attribute)),
                ("groups", .object(groups)),
                ("test_for_subgroup_differences", test),
                (
                    "overall",
                    .object(poolFields(s.overall.result, scale: s.scale, studies: rows(s.overall.studies)))
                ),
                ("unassigned", .array(s.unassigned.map { .string($0) })),
            ] + labels(s) + commonTau(s))
    }

    /// `common-tau`: the mixed-effects model's τ², each subgroup's mean (analysis scale) and QM.
    private static func commonTau(_ s: SubgroupAnalysis) -> [(String, JSONValue)] {
        guard let common = s.commonTau else { return [] }
        let r = common.result, m = common.result.model
        let test = m.tDF == nil ? "z" : "t"
        let groups: [(String, JSONValue)] = zip(common.values, r.groups).map { value, g in
            (
                value,
                .object([
                    ("estimate", .number(g.estimate)), ("se", .number(g.standardError)), (test, .number(g.statistic)),
                    ("p", .number(g.pValue)), ("ci_lower", .number(g.interval.lower)),
                    ("ci_upper", .number(g.interval.upper)),
                ])
            )
        }
        var fields: [(String, JSONValue)] = [
            ("tau2", .number(r.tau2)), ("groups", .object(groups)), ("QM", .number(m.qm)), ("QM_df", .int(m.qmDF)),
        ]
        if let df2 = m.qmDF2 { fields.append(("QM_df2", .int(df2))) }
        fields.append(("p_QM", .number(m.qmP)))
        return [("common_tau", .object(fields))]
    }

    /// `labels`: the subgroups' own headings (`label ATTRIBUTE VALUE "TEXT"`), when any was given.
    private static func labels(_ s: SubgroupAnalysis) -> [(String, JSONValue)] {
        let labelled = s.groups.compactMap { group in group.label.map { (group.value, JSONValue.string($0)) } }
        return labelled.isEmpty ? [] : [("labels", .object(labelled))]
    }

    /// `kind: "leave_one_out"` or `"cumulative"`: one row per omitted or added study.
    static func sequence(_ s: SequenceAnalysis) -> JSONValue {
        let (kind, key): (String, String)
        var extra: [(String, JSONValue)] = []
        switch s.kind {
        case .leaveOneOut:
            (kind, key) = ("leave_one_out", "omitted")
        case .cumulative(let orderedBy):
            (kind, key) = ("cumulative", "added")
            extra = [
                ("order_by", orderedBy.map { .string($0) } ?? .null),
                ("unordered", .array(s.unordered.map { .string($0) })),
            ]
        }
        let rows = JSONValue.elements(count: s.rows.count) { i in
            .object([(key, .string(s.rows[i].0))] + rowFields(s.rows[i].1, options: s.options, scale: s.scale))
        }
        let file: [(String, JSONValue)] = s.file.map { [("file", .string($0))] } ?? []
        return .object(header(s.outcome, kind, s.options) + extra + file + [("rows", rows)])
    }

    static func header(_ outcome: OutcomeDescription, _ kind: String, _ options: PoolOptions) -> [(String, JSONValue)] {
        var fields = JSONFieldList()
        header(outcome, kind, options, line: nil, into: &fields)
        return fields.fields
    }

    /// `outcome`, `kind`, `line` (when given), the settings, `only`, the outcome's label, arms
    /// and favours labels.
    static func header(
        _ outcome: OutcomeDescription, _ kind: String, _ options: PoolOptions, line: Int?,
        into fields: inout some JSONFields
    ) {
        fields.add("outcome", string: outcome.name)
        fields.add("kind", string: kind)
        if let line { fields.add("line", int: line) }
        settings(options, into: &fields)
        if let selection = outcome.selection { fields.add("only", string: selection) }
        fields.add("outcome_label", string: outcome.label)
        fields.add("arms", .array([.string(outcome.experimentalArm), .string(outcome.controlArm)]))
        fields.add("favours", .array([.string(outcome.favoursLeft), .string(outcome.favoursRight)]))
    }

    /// A row of a leave-one-out or cumulative analysis: the pooled fields without studies.
    static func rowFields(_ row: Sequences.Row, options: PoolOptions, scale: NaturalScale) -> [(String, JSONValue)] {
        guard case .success(let result) = row.result else {
            // As metafor: the row's size and degrees of freedom, nothing else.
            // With no study (k = 0) there is no test either: df is null too.
            return [("k", .int(row.k))]
                + ["estimate", "ci_lower", "ci_upper", "log_estimate", "analysis_estimate", "se", "z", "p", "Q"].map {
                    ($0, .null)
                }
                + [("df", row.k > 0 ? .int(row.k - 1) : .null)] + ["p_Q", "I2", "tau2"].map { ($0, .null) }
        }
        return poolFields(result, scale: scale, studies: nil).filter { $0.0 != "k_all" }
    }

    /// `nnt RISK`: the risks, their difference with its interval, and the number needed to treat.
    static func absolute(_ a: NumberNeededToTreat) -> JSONValue {
        .object([
            ("control_risk", .number(a.controlRisk)), ("experimental_risk", .number(a.experimentalRisk)),
            ("risk_difference", .number(a.riskDifference)),
            ("rd_ci_lower", .number(a.riskDifferenceInterval.lower)),
            ("rd_ci_upper", .number(a.riskDifferenceInterval.upper)),
            ("nnt", a.nnt.isFinite ? .number(a.nnt) : .null),
        ])
    }

    static func biasKind(_ test: BiasAnalysis.Test) -> String {
        switch test {
        case .egger: "egger"
        case .begg: "begg"
        case .trimAndFill: "trimfill"
        case .failSafeN: "failsafe"
        case .peters: "peters"
        case .harbord: "harbord"
        }
    }

    static func biasFields(_ b: BiasAnalysis) -> [(String, JSONValue)] {
        switch b.test {
        case .egger(let e):
            return [
                ("k", .int(b.k)), ("t", .number(e.t)), ("df", .int(e.df)), ("p", .number(e.pValue)),
                ("intercept", .number(e.bias)), ("intercept_se", .number(e.biasSE)),
                ("intercept_ci_lower", .number(e.biasInterval.lower)),
                ("intercept_ci_upper", .number(e.biasInterval.upper)),
                ("limit_estimate", .number(e.limitEstimate)),
                ("limit_ci_lower", .number(e.limitInterval.lower)), ("limit_ci_upper", .number(e.limitInterval.upper)),
                // The same on the scale of `estimate` elsewhere (an odds ratio, not its log).
                ("limit_estimate_natural", .number(RevManLabels.natural(e.limitEstimate, b.scale))),
                ("limit_ci_lower_natural", .number(RevManLabels.natural(e.limitInterval.lower, b.scale))),
                ("limit_ci_upper_natural", .number(RevManLabels.natural(e.limitInterval.upper, b.scale))),
            ]
        case .begg(let g):
            return [("k", .int(b.k)), ("tau", .number(g.tau)), ("p", .number(g.pValue)), ("exact", .bool(g.exact))]
        case .peters(let e):
            return [
                ("k", .int(b.k)), ("t", .number(e.t)), ("df", .int(e.df)), ("p", .number(e.pValue)),
                ("slope", .number(e.bias)), ("slope_se", .number(e.biasSE)),
                ("slope_ci_lower", .number(e.biasInterval.lower)), ("slope_ci_upper", .number(e.biasInterval.upper)),
                ("limit_estimate", .number(e.limitEstimate)),
                ("limit_ci_lower", .number(e.limitInterval.lower)), ("limit_ci_upper", .number(e.limitInterval.upper)),
            ]
        case .harbord(let e):
            return [
                ("k", .int(b.k)), ("t", .number(e.t)), ("df", .int(e.df)), ("p", .number(e.pValue)),
                ("intercept", .number(e.bias)), ("intercept_se", .number(e.biasSE)),
                ("intercept_ci_lower", .number(e.biasInterval.lower)),
                ("intercept_ci_upper", .number(e.biasInterval.upper)),
                ("slope", .number(e.limitEstimate)),
                ("slope_ci_lower", .number(e.limitInterval.lower)), ("slope_ci_upper", .number(e.limitInterval.upper)),
            ]
        case .failSafeN(let f):
            return [
                ("k", .int(b.k)), ("type", .string(f.method.rawValue)), ("fsnum", .number(f.n)),
                ("alpha", .optional(f.alpha)), ("p", .optional(f.pValue)), ("mean_effect", .optional(f.meanEffect)),
                ("target", .optional(f.target)),
            ]
        case .trimAndFill(let t):
            let natural: (Double?) -> JSONValue = { value in
                .optional(value.map { RevManLabels.natural($0, b.scale) })
            }
            let r = t.result
            return [
                ("k0", .int(t.k0)), ("side", .string(t.side.rawValue)), ("estimator", .string(t.estimator.rawValue)),
                ("k", .int(r.k)),
                ("estimate", natural(r.estimate)), ("ci_lower", natural(r.interval?.lower)),
                ("ci_upper", natural(r.interval?.upper)),
                ("log_estimate", .optional(r.estimate)), ("analysis_estimate", .optional(r.estimate)),
                ("se", .optional(r.standardError)), ("p", .optional(r.pValue)), ("tau2", .number(r.tau2)),
                (
                    "filled",
                    .array(
                        t.filled.map { .object([("log_estimate", .number($0.y)), ("se", .number($0.v.squareRoot()))]) })
                ),
            ]
        }
    }

    /// A study's data as written — events and totals, means, SDs and sizes, or the estimate and
    /// SE of generic data — as an object at `level`, straight into the bytes (one per study).
    static func writeData(_ data: StudyData, to out: inout JSONBytes, level: Int) {
        // Written field by field: no array of fields per study (a million studies' rows).
        var first = true
        func put(_ key: StaticString, _ value: Double) {
            out.field(key, first: first, level: level)
            out.number(value)
            first = false
        }
        out.byte(UInt8(ascii: "{"))
        switch data {
        case .binary(let c):
            put("events_e", c.eventsE)
            put("total_e", c.totalE)
            put("events_c", c.eventsC)
            put("total_c", c.totalC)
        case .continuous(let a):
            put("mean_e", a.meanE)
            put("sd_e", a.sdE)
            put("n_e", a.nE)
            put("mean_c", a.meanC)
            put("sd_c", a.sdC)
            put("n_c", a.nC)
        case .generic(let g):
            put("estimate", g.estimate)
            put("se", g.standardError)
        case .observedMinusExpected(let z):
            put("o_minus_e", z.oMinusE)
            put("variance", z.variance)
        case .proportion(let p):
            put("events", p.events)
            put("total", p.total)
        case .rate(let r):
            put("events_e", r.eventsE)
            put("time_e", r.timeE)
            put("events_c", r.eventsC)
            put("time_c", r.timeC)
        case .correlation(let c):
            put("r", c.r)
            put("n", c.n)
        }
        out.newline(level: level)
        out.byte(UInt8(ascii: "}"))
    }

    /// A funnel plot's coordinates: each study's effect on the analysis scale and its SE, and
    /// the pooled estimate the funnel is centred on (its pseudo-confidence level is `level`).
    static func funnelFields(_ f: FigureAnalysis) -> [(String, JSONValue)] {
        let pool = f.pool
        let points = zip(pool.studies, pool.result.studies).compactMap { study, row -> JSONValue? in
            guard let effect = row.effect else { return nil }
            return .object([
                ("study", .string(study.label)), ("analysis_estimate", .number(effect.y)),
                ("se", .number(effect.v.squareRoot())),
            ])
        }
        return [("center", .optional(pool.result.estimate)), ("points", .array(points))]
    }

    /// `measure`, `method`, `model`, `tau2_method`, `hksj`, `convention`, `level`.
    static func settings(_ options: PoolOptions, into fields: inout some JSONFields) {
        fields.add("measure", string: options.measure.rawValue)
        fields.add("method", string: options.method.rawValue)
        fields.add("model", string: options.model.rawValue)
        fields.add("tau2_method", string: options.model == .random ? options.tauMethod.rawValue : nil)
        fields.add("hksj", .bool(options.hksj))
        fields.add("convention", string: options.convention.rawValue)
        fields.add("level", number: options.level)
    }

    /// The fields of a pooled result (also used for subgroups, rows, …); `studies` nil leaves
    /// out the per-study array.
    static func poolFields(_ r: PoolResult, scale: NaturalScale, studies: [AnalysisStudy]?) -> [(String, JSONValue)] {
        var fields = JSONFieldList()
        poolFields(r, scale: scale, studies: studies, into: &fields)
        return fields.fields
    }

    static func poolFields(
        _ r: PoolResult, scale: NaturalScale, studies: [AnalysisStudy]?, memo: RowMemo? = nil,
        into fields: inout some JSONFields
    ) {
        let natural = { (value: Double?) in value.map { RevManLabels.natural($0, scale) } }
        fields.add("k", int: r.k)
        fields.add("k_all", int: r.kAll)
        fields.add("estimate", number: natural(r.estimate))
        fields.add("ci_lower", number: natural(r.interval?.lower))
        fields.add("ci_upper", number: natural(r.interval?.upper))
        fields.add("log_estimate", number: r.estimate)
        fields.add("analysis_estimate", number: r.estimate)
        fields.add("se", number: r.standardError)
        switch r.statistic {
        case .t(let t, let df)?:
            fields.add("t", number: t)
            fields.add("t_df", number: df)
        case .z(let z)?: fields.add("z", number: z)
        case nil: fields.add("z", number: nil)
        }
        fields.add("p", number: r.pValue)
        fields.add("Q", number: r.heterogeneity.q)
        fields.add("df", int: r.heterogeneity.df)
        fields.add("p_Q", number: r.heterogeneity.pValue)
        fields.add("I2", number: r.heterogeneity.i2)
        fields.add("H2", number: r.heterogeneity.h2)
        fields.add("tau2", number: r.tau2)
        if r.options.model == .random { randomEffectsFields(r, natural: natural, into: &fields) }
        let notes = PoolText(style: TextStyle()).notes(r, byRow: studies?.contains { $0.qualifier != nil } ?? false)
        if !notes.isEmpty {
            fields.add("notes", .array(notes.map { .string(String($0.trimmingPrefix("Note: "))) }))
        }
        if let studies { fields.add("studies", studyRows(studies, r, scale: scale, memo: memo)) }
    }

    /// τ², I² and H² intervals, the prediction interval and how τ² was found.
    private static func randomEffectsFields(
        _ r: PoolResult, natural: (Double?) -> Double?, into fields: inout some JSONFields
    ) {
        let ci = r.heterogeneityIntervals
        fields.add("tau2_ci_lower", number: ci?.tau2.lower)
        fields.add("tau2_ci_upper", number: ci?.tau2.upper)
        fields.add("I2_ci_lower", number: ci?.i2?.lower)
        fields.add("I2_ci_upper", number: ci?.upperBeyond == nil ? ci?.i2?.upper : nil)
        fields.add("H2_ci_lower", number: ci?.h2?.lower)
        fields.add("H2_ci_upper", number: ci?.upperBeyond == nil ? ci?.h2?.upper : nil)
        fields.add("pi_lower", number: natural(r.prediction?.lower))
        fields.add("pi_upper", number: natural(r.prediction?.upper))
        fields.add("tau2_iterations", r.tauFit.map { .int($0.iterations) } ?? .null)
        fields.add("tau2_converged", r.tauFit.map { .bool($0.converged) } ?? .null)
    }

    /// The per-study rows, written straight into the bytes (no value per row: 10⁶ rows).
    /// `overallWeights`: for a subgroup's studies, each study's weight in the overall analysis
    /// (`weight_percent_overall`, as the text shows it; `weight_percent` is within the group).
    /// `memo`: the report's rows of its last analysis, copied where they are the same.
    static func studyRows(
        _ studies: [AnalysisStudy], _ r: PoolResult, scale: NaturalScale, overallWeights: [String: Double]? = nil,
        memo: RowMemo? = nil
    ) -> JSONValue {
        let count = min(studies.count, r.studies.count)
        let memo = overallWeights == nil && count == studies.count && memo?.prepare(studies) == true ? memo : nil
        guard let memo else {
            return .objects(count: count) { i, out, level in
                let studyScale = scale.forStudy(size: studies[i].data.size)
                studyRow(
                    studies[i], r.studies[i], scale: studyScale, overallWeights: overallWeights, to: &out, level: level)
            }
        }
        let numbers = { @Sendable (i: Int, level: Int) in
            RowMemo.Numbers(r.studies[i], scale: scale.forStudy(size: studies[i].data.size), level: level)
        }
        return .copiedObjects(
            count: count,
            copies: { level in
                memo.copies(count: count, numbers: { numbers($0, level) }, weight: { r.studies[$0].weightPercent })
            },
            write: { i, out, level in
                let row = r.studies[i]
                let numbers = numbers(i, level)
                guard !memo.write(i, numbers, weight: row.weightPercent, into: &out) else { return }
                let start = out.position
                let studyScale = scale.forStudy(size: studies[i].data.size)
                let weight = studyRow(studies[i], row, scale: studyScale, overallWeights: nil, to: &out, level: level)
                memo.keep(i, numbers, out, from: start, weight: weight)
            })
    }

    /// One study's row (within its braces); returns where its weight's digits are.
    @discardableResult
    private static func studyRow(
        _ study: AnalysisStudy, _ row: StudyRow, scale: NaturalScale, overallWeights: [String: Double]?,
        to out: inout JSONBytes, level: Int
    ) -> Range<Int> {
        let transform = { (value: Double?) in value.map(scale.natural) }
        out.field("study", first: true, level: level)
        out.string(study.label)
        out.field("estimate", level: level)
        out.number(transform(row.effect?.y))
        out.field("ci_lower", level: level)
        out.number(transform(row.interval?.lower))
        out.field("ci_upper", level: level)
        out.number(transform(row.interval?.upper))
        out.field("weight_percent", level: level)
        let weightStart = out.position
        out.number(row.weightPercent)
        let weight = weightStart..<out.position
        if let overall = overallWeights {
            out.field("weight_percent_overall", level: level)
            out.number(overall[study.label])
        }
        out.field("log_estimate", level: level)
        out.number(row.effect?.y)
        out.field("analysis_estimate", level: level)
        out.number(row.effect?.y)
        out.field("se", level: level)
        out.number(row.effect.map { $0.v.squareRoot() })
        out.field("data", level: level)
        writeData(study.data, to: &out, level: level + 1)
        if !study.attributes.isEmpty {
            // Attribute names are names of the grammar: nothing in them needs an escape.
            out.field("attributes", level: level)
            out.byte(UInt8(ascii: "{"))
            for (index, attribute) in study.attributes.enumerated() {
                out.field(named: attribute.name, first: index == 0, level: level + 1)
                switch attribute.value {
                case .number(let n): out.number(n)
                case .text(let t): out.string(t)
                }
            }
            out.newline(level: level + 1)
            out.byte(UInt8(ascii: "}"))
        }
        // A row of a study with several rows: the study's own label and the row's qualifier.
        if let qualifier = study.qualifier {
            out.field("study_label", level: level)
            out.string(study.studyLabel)
            out.field("qualifier", level: level)
            JSONValue.object([("attribute", .string(qualifier.attribute)), ("value", .string(qualifier.value))])
                .write(to: &out, level: level + 1)
        }
        return weight
    }
}
