import ForestEval
import ForestStats

/// Leave-one-out, cumulative and exclusion analyses as a table with one row per analysis:
/// estimate [CI], Chi², df (P), I², Tau², Z (P) — the layout of the seed review's Table 3.
struct SequenceText {
    var style: TextStyle

    func render(_ s: SequenceAnalysis) -> String {
        let (title, table, below) = parts(s)
        return (header(s.full, title: title) + table.render() + below).joined(separator: "\n") + "\n"
    }

    func render(_ e: ExclusionAnalysis) -> String {
        let (title, table, below) = parts(e)
        return (header(e.all, title: title) + table.render() + below).joined(separator: "\n") + "\n"
    }

    /// The analysis's title, its table and the lines under it.
    func parts(_ s: SequenceAnalysis) -> (title: String, table: TextTable, below: [String]) {
        let title: String
        let first: String
        switch s.kind {
        case .leaveOneOut:
            title = "leave-one-out sensitivity analysis"
            first = "Omitted study"
        case .cumulative(let orderedBy):
            title = "cumulative meta-analysis" + (orderedBy.map { " (by \($0))" } ?? " (in order of definition)")
            first = "Added study"
        }
        var rows = s.rows.map { ($0.label, $0.row.result) }
        if case .leaveOneOut = s.kind { rows.append(("None (all studies)", .success(s.full.result))) }
        let below =
            s.unordered.isEmpty ? [] : ["Added last (no value to order by): " + s.unordered.joined(separator: ", ")]
        return (title, table(first: first, rows: rows, analysis: s.full), below)
    }

    func parts(_ e: ExclusionAnalysis) -> (title: String, table: TextTable, below: [String]) {
        let table = table(
            first: "Analysis",
            rows: [
                ("All studies", .success(e.all.result)),
                ("Without \(e.criterion)", .success(e.without.result)),
            ], analysis: e.all)
        return (
            "sensitivity analysis excluding \(e.criterion)", table, ["Excluded: " + e.excluded.joined(separator: ", ")]
        )
    }

    private func header(_ pool: PoolAnalysis, title: String) -> [String] {
        let text = PoolText(style: style)
        var lines = [heading(pool, title: title)]
        if let settings = text.settingsLine(pool) { lines.append(settings) }
        return lines + [""]
    }

    /// `Partial response — leave-one-out sensitivity analysis: Odds Ratio (M-H, Fixed, 95% CI)`
    func heading(_ pool: PoolAnalysis, title: String) -> String {
        "\(pool.outcome.title) — \(title): \(RevManLabels.effectName(pool)) (\(RevManLabels.columnTitle(pool.result.options)))"
    }

    private func table(
        first: String, rows: [(label: String, result: Result<PoolResult, PoolError>)], analysis: PoolAnalysis
    ) -> TextTable {
        let text = PoolText(style: style)
        let random = analysis.result.options.model == .random
        let usesT = analysis.result.options.hksj
        var headings = [
            first, "k",
            "\(RevManLabels.effectName(analysis)) [\(NumberFormat.data(analysis.result.options.level))% CI]",
            style.chi2, "df (P)", style.i2,
        ]
        if random { headings.append(style.tau2) }
        headings.append(usesT ? "t (P)" : "Z (P)")
        var table = TextTable([.left, .right, .left, .right, .left, .right] + (random ? [.right] : []) + [.left])
        table.add(headings)
        for (label, result) in rows {
            let r: PoolResult
            switch result {
            case .success(let success):
                r = success
            case .failure(.notConverged(let method, _)):
                table.add([label, "", "\(method.rawValue) estimate of \(style.tau2) did not converge"])
                continue
            case .failure:
                table.add([label, "0", "Not estimable"])
                continue
            }
            let h = r.heterogeneity
            var cells = [label, String(r.k), text.estimateText(r.estimate, r.interval, scale: analysis.scale)]
            if h.df > 0, let q = h.q {
                cells += [
                    NumberFormat.fixed(q), "\(h.df) (\(h.pValue.map(pShort) ?? "-"))",
                    h.i2.map(NumberFormat.percent) ?? "-",
                ]
            } else {
                cells += ["-", "-", "-"]
            }
            if random { cells.append(NumberFormat.tau2(r.tau2)) }
            switch (r.statistic, r.pValue) {
            case (.t(let t, _)?, let p?):
                cells.append("\(usesT ? "" : "t ")\(NumberFormat.fixed(abs(t))) (\(pShort(p)))")
            case (.z(let z)?, let p?):
                // Under HKSJ a row of one study keeps the z test (as metafor): say so.
                cells.append("\(usesT ? "z " : "")\(NumberFormat.fixed(abs(z))) (\(pShort(p)))")
            default:
                cells.append("-")
            }
            table.add(cells)
        }
        return table
    }

    /// A P value without the "P = " of `NumberFormat.pValue`.
    private func pShort(_ p: Double) -> String {
        let text = NumberFormat.pValue(p)
        return text.hasPrefix("P = ") ? String(text.dropFirst(4)) : String(text.dropFirst(2))
    }
}
