import ForestStats
import ForestSyntax

/// `sort KEY [ascending|descending]`: the order of the studies in a table or forest plot.
struct StudyOrder: Sendable {
    /// `label`, `effect`, `weight`, or the name of an attribute.
    var key: Located<String>
    var descending: Bool
}

extension Session {
    /// The `sort` of a statement's options: its key must be `label`, `effect`, `weight` or an
    /// attribute some study of the outcome has.
    func studyOrder(_ options: [AnalysisOption], outcome: String) throws(DiagnosticList) -> StudyOrder? {
        guard case .sortKey(let key, let direction)? = options[.sort]?.value else { return nil }
        if SortKeyWord(rawValue: key.value) == nil {
            try checkAttribute(key, among: studies(reporting: outcome))
        }
        return StudyOrder(key: key, descending: direction?.value == .descending)
    }

    /// The analysis with its study rows in `order` (ties keep the order of definition; studies
    /// without the key come last). The numbers were computed in the order of definition: only
    /// the rows move, so sorting never changes a result.
    func sorted(_ pool: PoolAnalysis, _ order: StudyOrder?) -> PoolAnalysis {
        guard let order else { return pool }
        let rows = Dictionary(
            studies(reporting: pool.outcome.name).map { ($0.label, $0) }, uniquingKeysWith: { a, _ in a })
        let keys: [SortValue?] = zip(pool.studies, pool.result.studies).map { study, row in
            switch SortKeyWord(rawValue: order.key.value) {
            case .label?: .text(study.label)
            case .effect?: row.effect.map { .number($0.y) }
            case .weight?: .number(row.weightPercent)
            case nil: rows[study.label]?.attribute(order.key.value).map(SortValue.attribute)
            }
        }
        let permutation = keys.indices.sorted { a, b in
            switch (keys[a], keys[b]) {
            case (let x?, let y?) where x != y: return order.descending ? y < x : x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a < b
            }
        }
        var sorted = pool
        sorted.studies = permutation.map { pool.studies[$0] }
        sorted.result.studies = permutation.map { pool.result.studies[$0] }
        return sorted
    }

    /// Each subgroup's rows and the overall rows in `order`.
    func sorted(_ subgroups: SubgroupAnalysis, _ order: StudyOrder?) -> SubgroupAnalysis {
        guard order != nil else { return subgroups }
        var sorted = subgroups
        sorted.overall = self.sorted(subgroups.overall, order)
        sorted.groups = subgroups.groups.map { group in
            guard let result = group.result else { return group }
            var group = group
            let pool = self.sorted(
                PoolAnalysis(outcome: subgroups.outcome, studies: group.studies, result: result), order)
            group.studies = pool.studies
            group.result = pool.result
            return group
        }
        return sorted
    }
}

/// A study's value for sorting: numbers order numerically, text as text.
enum SortValue: Comparable {
    case number(Double)
    case text(String)
    case attribute(AttributeValue)

    static func < (lhs: SortValue, rhs: SortValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): a < b
        case (.text(let a), .text(let b)): a < b
        case (.attribute(let a), .attribute(let b)): a < b
        default: false
        }
    }
}
