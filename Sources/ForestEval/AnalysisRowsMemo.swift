import ForestStats
import Foundation

/// The rows of the last pooled analysis and the statistics core's view of their data, for the
/// next analysis of the same studies and outcome: a script pooling one outcome by DL and by
/// REML, or a simulation's thousand pools of one data set, made the same 10,000 rows for each
/// pool (a third of such a run). An entry is given back only for the same array of studies —
/// the same storage, which the memo keeps alive, so it cannot have been changed or reused — and
/// the same outcome. The report sees the same array of rows, which it can recognise at once.
///
/// Sessions may share the memo (a copy of a session does). `@unchecked Sendable`: `last` is
/// read and written only with `lock` held.
final class AnalysisRowsMemo: @unchecked Sendable {
    struct Rows {
        var studies: [AnalysisStudy]
        var data: OutcomeData
    }

    private let lock = NSLock()
    private var last: (studies: [Study], outcome: String, rows: Rows)?

    /// Analyses of fewer studies are not kept: their rows cost less to make than to compare.
    static let minimum = 100

    /// The rows made last from `studies` for `outcome`, if they were those.
    func rows(of studies: [Study], outcome: String) -> Rows? {
        guard studies.count >= Self.minimum else { return nil }
        return lock.withLock {
            guard let last, last.outcome == outcome, last.studies.sharesStorage(with: studies) else { return nil }
            return last.rows
        }
    }

    func remember(_ rows: Rows, of studies: [Study], outcome: String) {
        guard studies.count >= Self.minimum else { return }
        lock.withLock { last = (studies, outcome, rows) }
    }

}
