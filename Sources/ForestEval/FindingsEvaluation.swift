import ForestStats
import ForestSyntax
import Foundation

/// One row of the summary of findings, as `finding` computed it.
struct FindingRow: Sendable, Hashable {
    var outcome: String
    var measure: EffectMeasure
    /// How the estimate is shown (exponentiated, back-transformed, as it is).
    var scale: NaturalScale
    var estimate: Double?
    var interval: Interval?
    var participants: Double
    var studies: Int
    /// The assumed control risk (a proportion), for binary outcomes.
    var assumedRisk: Double?
    /// GRADE: 4 high … 1 very low.
    var certainty: Int
    var reasons: [(domain: GradeDomain, levels: Int, reason: String?)]

    static func == (a: FindingRow, b: FindingRow) -> Bool { a.outcome == b.outcome && a.estimate == b.estimate }
    func hash(into hasher: inout Hasher) { hasher.combine(outcome) }
}

extension Session {
    /// `finding OUTCOME …`: pools the outcome with the statement's options and keeps the row
    /// (its assumed risk and certainty) for the summary of findings.
    mutating func finding(_ statement: FindingStatement) throws(DiagnosticList) {
        let info = try outcome(statement.outcome)
        let options = try resolveOptions(statement.options, kind: info.kind, outcome: statement.outcome)
        let included = try reporting(statement.outcome, options)
        let pool = try poolAnalysis(
            of: statement.outcome, studies: included, options: options.pool, selection: options.selection,
            at: statement.span)
        var problems: [Diagnostic] = []
        for d in statement.downgrades where d.levels.value.value != 1 && d.levels.value.value != 2 {
            problems.append(
                .error(
                    .invalidOptionValue, "a downgrade is by 1 or 2 levels, not \(d.levels.span.text)",
                    at: d.levels.span,
                    notes: ["GRADE rates down by one level for a serious concern, two for a very serious one"]))
        }
        var assumed: Double? = nil
        if let risk = statement.risk {
            let r = risk.value.value
            if r > 0 && r < 1 {
                assumed = r
            } else if r >= 1 && r < 1000 {
                assumed = r / 1000
            } else {
                problems.append(
                    .error(
                        .invalidOptionValue,
                        "an assumed risk is a proportion (0.25) or per 1,000 (250), not \(risk.span.text)",
                        at: risk.span))
            }
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        findingRows.append(Self.row(pool, assumed: assumed, downgrades: statement.downgrades))
    }

    private static func row(
        _ pool: PoolAnalysis, assumed: Double?, downgrades: [FindingStatement.Downgrade]
    ) -> FindingRow {
        var participants = 0.0, controlEvents = 0.0, controlTotal = 0.0
        for study in pool.studies {
            switch study.data {
            case .binary(let c):
                participants += c.totalE + c.totalC
                controlEvents += c.eventsC
                controlTotal += c.totalC
            default: participants += study.data.size ?? 0
            }
        }
        let binary = pool.outcome.kind == .binary
        let levels = downgrades.reduce(0) { $0 + Int($1.levels.value.value) }
        return FindingRow(
            outcome: pool.outcome.title, measure: pool.result.options.measure, scale: pool.scale,
            estimate: pool.result.estimate, interval: pool.result.interval, participants: participants,
            studies: pool.result.kAll,
            assumedRisk: binary ? (assumed ?? (controlTotal > 0 ? controlEvents / controlTotal : nil)) : nil,
            certainty: max(1, 4 - levels),
            reasons: downgrades.map { ($0.domain.value, Int($0.levels.value.value), $0.reason?.value) })
    }
}
