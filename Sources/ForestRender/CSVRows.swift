import ForestEval
import ForestStats
import Foundation

/// The rows of each kind of analysis in the CSV report.
extension CSVReport {
    /// What every row of an analysis shares: its kind, outcome, settings (RevMan's codes: DIC,
    /// CON, GIV or IPD (O − E); MH, IV or PETO; OR …; Fixed or Random) and labels. Kinds of data
    /// RevMan lacks have no data type.
    static func settings(_ outcome: OutcomeDescription, _ options: PoolOptions, kind: String) -> Row {
        let dataType: String
        switch outcome.kind {
        case .binary: dataType = "DIC"
        case .continuous: dataType = "CON"
        case .generic: dataType = "GIV"
        case .observedMinusExpected: dataType = "IPD"
        case .proportion, .rate, .correlation: dataType = ""
        }
        return [
            "Kind": kind, "Outcome": outcome.name, "Data Type": dataType,
            "Statistical Method": options.method == .Peto ? "PETO" : options.method.rawValue,
            "Effect Measure": outcome.kind == .generic ? (outcome.effectName ?? "") : options.measure.rawValue,
            "Analysis Model": RevManLabels.model(options.model), "Group Label 1": outcome.experimentalArm,
            "Group Label 2": outcome.controlArm, "Left Graph Label": outcome.favoursLeft,
            "Right Graph Label": outcome.favoursRight,
        ]
    }

    /// The data columns of one study (RevMan's columns: a single group's events and total are
    /// group 1's; a rate's person-time and a correlation have no column).
    static func data(_ data: StudyData) -> Row {
        switch data {
        case .binary(let c):
            [
                "Events 1": number(c.eventsE), "Total 1": number(c.totalE), "Events 2": number(c.eventsC),
                "Total 2": number(c.totalC),
            ]
        case .continuous(let a):
            [
                "Mean 1": number(a.meanE), "SD 1": number(a.sdE), "Total 1": number(a.nE), "Mean 2": number(a.meanC),
                "SD 2": number(a.sdC), "Total 2": number(a.nC),
            ]
        case .proportion(let p):
            ["Events 1": number(p.events), "Total 1": number(p.total)]
        case .rate(let r):
            ["Events 1": number(r.eventsE), "Events 2": number(r.eventsC)]
        case .correlation(let c):
            ["Total 1": number(c.n)]
        case .generic, .observedMinusExpected:
            [:]
        }
    }

    /// A study's row: its data, effect and interval and weight.
    static func studyRow(_ study: AnalysisStudy, _ row: StudyRow?, scale pooled: NaturalScale, base: Row) -> Row {
        let scale = pooled.forStudy(size: study.data.size)
        var out = base.merging(data(study.data)) { $1 }
        out["Row"] = "study"
        out["Name"] = study.label
        if let effect = row?.effect {
            out["Effect Estimate"] = number(RevManLabels.natural(effect.y, scale))
            out["SE"] = number(effect.v.squareRoot())
        }
        if let interval = row?.interval {
            out["CI Start"] = number(RevManLabels.natural(interval.lower, scale))
            out["CI End"] = number(RevManLabels.natural(interval.upper, scale))
        }
        out["Weight"] = row.map { number($0.weightPercent) } ?? ""
        return out
    }

    /// A pooled row (total, subtotal, a step of a sequence): the summed data, the estimate, the
    /// heterogeneity and the test for the overall effect.
    static func pooledRow(
        _ result: PoolResult, studies: [AnalysisStudy], scale: NaturalScale, base: Row, row: String, name: String,
        weight: Double?
    ) -> Row {
        var out = base.merging(totals(studies)) { $1 }
        out["Row"] = row
        out["Name"] = name
        out["Effect Estimate"] = number(result.estimate.map { RevManLabels.natural($0, scale) })
        out["SE"] = number(result.standardError)
        out["CI Start"] = number(result.interval.map { RevManLabels.natural($0.lower, scale) })
        out["CI End"] = number(result.interval.map { RevManLabels.natural($0.upper, scale) })
        out["Weight"] = number(weight)
        out["Q"] = number(result.heterogeneity.q)
        out["P(Q)"] = number(result.heterogeneity.pValue)
        out["I²(Q)"] = number(result.heterogeneity.i2)
        out["Tau²"] = result.options.model == .random ? number(result.tau2) : ""
        // RevMan writes the statistic's magnitude.
        switch result.statistic {
        case .z(let z)?: out["Z"] = number(abs(z))
        case .t(let t, _)?: out["Z"] = number(abs(t))
        case nil: break
        }
        out["P(Z)"] = number(result.pValue)
        out["df"] = String(result.heterogeneity.df)
        return out
    }

    /// Summed events and totals (binary) or totals (continuous), as RevMan's total rows.
    static func totals(_ studies: [AnalysisStudy]) -> Row {
        var events = [0.0, 0.0], totals = [0.0, 0.0]
        var kind: DataKind?
        for study in studies {
            switch study.data {
            case .binary(let c):
                events[0] += c.eventsE
                events[1] += c.eventsC
                totals[0] += c.totalE
                totals[1] += c.totalC
                kind = .binary
            case .continuous(let a):
                totals[0] += a.nE
                totals[1] += a.nC
                kind = .continuous
            case .proportion(let p):
                events[0] += p.events
                totals[0] += p.total
                kind = .binary
            case .generic, .observedMinusExpected, .rate, .correlation: return [:]
            }
        }
        var out: Row = ["Total 1": number(totals[0]), "Total 2": number(totals[1])]
        if kind == .binary { (out["Events 1"], out["Events 2"]) = (number(events[0]), number(events[1])) }
        return kind == nil ? [:] : out
    }

    static func poolRows(_ pool: PoolAnalysis, kind: String, row total: String = "total") -> [Row] {
        let base = settings(pool.outcome, pool.result.options, kind: kind)
        let studies = zip(pool.studies, pool.result.studies).map {
            studyRow($0.0, $0.1, scale: pool.scale, base: base)
        }
        return studies + [
            pooledRow(
                pool.result, studies: pool.studies, scale: pool.scale, base: base, row: total,
                name: RevManLabels.total(pool.result.options), weight: 100)
        ]
    }
}

extension CSVReport {
    /// Each subgroup's studies and subtotal (its weight the share of the overall analysis, as
    /// the text shows), then the overall total with the test for subgroup differences.
    static func subgroupRows(_ s: SubgroupAnalysis) -> [Row] {
        let options = s.overall.result.options
        let base = settings(s.outcome, options, kind: "subgroup")
        let overallWeights = Dictionary(
            zip(s.overall.studies.map(\.label), s.overall.result.studies.map(\.weightPercent)),
            uniquingKeysWith: { a, _ in a })
        var rows: [Row] = []
        for group in s.groups {
            var groupBase = base
            groupBase["Subgroup"] = group.heading(attribute: s.attribute)
            let studyRows = group.result?.studies ?? []
            for (index, study) in group.studies.enumerated() {
                var row = studyRow(
                    study, index < studyRows.count ? studyRows[index] : nil, scale: s.scale, base: groupBase)
                row["Weight"] = number(overallWeights[study.label])
                rows.append(row)
            }
            if let result = group.result {
                let weight = group.studies.reduce(0.0) { $0 + (overallWeights[$1.label] ?? 0) }
                rows.append(
                    pooledRow(
                        result, studies: group.studies, scale: s.scale, base: groupBase, row: "subtotal",
                        name: RevManLabels.total(options, subtotal: true), weight: weight))
            }
        }
        var total = pooledRow(
            s.overall.result, studies: s.overall.studies, scale: s.scale, base: base, row: "total",
            name: RevManLabels.total(options), weight: 100)
        if let test = s.test {
            total["Qint"] = number(test.q)
            total["P(Qint)"] = number(test.pValue)
            total["I²(Qint)"] = number(test.i2)
        }
        return rows + [total]
    }

    /// One row per step: the study left out ("omitted") or added ("added"), with the pooled
    /// result of that step.
    static func sequenceRows(_ s: SequenceAnalysis) -> [Row] {
        let (kind, row) = s.kind == .leaveOneOut ? ("leave_one_out", "omitted") : ("cumulative", "added")
        let base = settings(s.outcome, s.options, kind: kind)
        return s.rows.map { step in
            switch step.row.result {
            case .success(let result):
                return pooledRow(
                    result, studies: [], scale: s.scale, base: base, row: row, name: step.label, weight: nil)
            case .failure:
                var out = base
                (out["Row"], out["Name"]) = (row, step.label)
                return out
            }
        }
    }

    /// The analysis of all studies and the one without the excluded ones (each with its studies).
    static func exclusionRows(_ e: ExclusionAnalysis) -> [Row] {
        var all = poolRows(e.all, kind: "exclusion", row: "total")
        var without = poolRows(e.without, kind: "exclusion", row: "total without")
        for index in all.indices { all[index]["Subgroup"] = "all studies" }
        for index in without.indices { without[index]["Subgroup"] = "without \(e.criterion)" }
        return all + without
    }

    /// A test for small-study effects: Egger's intercept (Effect Estimate, SE, its t as Z, P),
    /// Begg's Kendall τ (as Z's column: τ, P), or trim-and-fill's adjusted estimate.
    /// A meta-regression: a row per coefficient (analysis scale), its residual heterogeneity
    /// (Q is QE, Tau² the residual τ²) and its test of moderators (Qint, the QM or F statistic).
    static func metaRegressionRows(_ m: MetaRegressionAnalysis) -> [Row] {
        let r = m.result
        return r.coefficients.map { c in
            var out = settings(m.outcome, m.options, kind: "metareg")
            (out["Row"], out["Name"]) = ("coefficient", c.name)
            out["Effect Estimate"] = number(c.estimate)
            out["SE"] = number(c.standardError)
            out["CI Start"] = number(c.interval.lower)
            out["CI End"] = number(c.interval.upper)
            out["Z"] = number(c.statistic)
            out["P(Z)"] = number(c.pValue)
            out["Q"] = number(r.qe)
            out["P(Q)"] = number(r.qeP)
            out["I²(Q)"] = number(r.i2)
            out["Tau²"] = number(r.tau2)
            out["Qint"] = number(r.qm)
            out["P(Qint)"] = number(r.qmP)
            out["df"] = r.tDF.map(String.init) ?? ""
            return out
        }
    }

    /// Influence diagnostics: a row per study; its residual as Z, its DFFITS as the estimate,
    /// the leave-one-out τ² and QE, its weight. (The other diagnostics are in the JSON.)
    static func influenceRows(_ a: InfluenceAnalysis) -> [Row] {
        zip(a.studies, a.result.rows).map { label, row in
            var out = settings(a.outcome, a.options, kind: "influence")
            (out["Row"], out["Name"]) = ("study", label)
            guard let row else { return out }
            out["Z"] = number(row.rstudent)
            out["Q"] = number(row.qeDeleted)
            out["Tau²"] = number(row.tau2Deleted)
            out["Weight"] = number(row.weightPercent)
            return out
        }
    }

    /// Egger's or Peters' regression test: its coefficient, SE, CI, t (as Z) and df.
    private static func regressionTest(_ test: EggerTest, into out: inout Row, row: String, name: String) {
        (out["Row"], out["Name"]) = (row, name)
        out["Effect Estimate"] = number(test.bias)
        out["SE"] = number(test.biasSE)
        out["CI Start"] = number(test.biasInterval.lower)
        out["CI End"] = number(test.biasInterval.upper)
        out["Z"] = number(test.t)
        out["P(Z)"] = number(test.pValue)
        out["df"] = String(test.df)
    }

    static func biasRow(_ b: BiasAnalysis) -> Row {
        var out = settings(b.outcome, b.options, kind: "bias")
        switch b.test {
        case .egger(let test):
            regressionTest(test, into: &out, row: "egger", name: "Egger's test (intercept)")
        case .peters(let test):
            regressionTest(test, into: &out, row: "peters", name: "Peters' test (coefficient of 1/N)")
        case .harbord(let test):
            regressionTest(test, into: &out, row: "harbord", name: "Harbord's test (intercept)")
        case .begg(let test):
            (out["Row"], out["Name"]) = ("begg", "Begg's test (Kendall's tau)")
            out["Z"] = number(test.tau)
            out["P(Z)"] = number(test.pValue)
        case .failSafeN(let test):
            (out["Row"], out["Name"]) = ("failsafe", "\(test.method.rawValue)'s fail-safe N")
            out["Effect Estimate"] = number(test.n)
            out["P(Z)"] = number(test.pValue)
        case .trimAndFill(let test):
            out = pooledRow(
                test.result, studies: [], scale: b.scale, base: out, row: "trimfill",
                name: "Trim and fill (\(test.k0) filled)", weight: nil)
        }
        return out
    }
}
