import ForestStats
import ForestSyntax

extension Session {
    /// The design matrix of a meta-regression: an intercept, then a column per continuous
    /// moderator (every study's value a number) and one per level of a categorical moderator
    /// but its reference (R's `factor()` treatment contrasts: levels in sorted order, the first
    /// the reference unless `reference ATTRIBUTE VALUE` names another). Coefficient names are
    /// `intercept`, the moderator's name, and `NAME=LEVEL`.
    func designMatrix(
        _ statement: MetaregStatement, _ studies: [Study]
    ) throws(DiagnosticList) -> ([MetaRegressionAnalysis.Moderator], Design, [String]) {
        var moderators: [MetaRegressionAnalysis.Moderator] = []
        var names = ["intercept"]
        var columns: [[Double]] = [Array(repeating: 1, count: studies.count)]
        let reference = referenceLevel(statement)
        if let reference, !statement.moderators.contains(where: { $0.value == reference.attribute.value }) {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "`\(reference.attribute.value)` is not a moderator of this meta-regression",
                    at: reference.attribute.span, help: "add it after `on`, or drop `reference`")
            ])
        }
        for moderator in statement.moderators {
            let values = studies.map { $0.attribute(moderator.value)! }
            let numbers = values.compactMap { if case .number(let n) = $0 { n } else { nil } }
            if numbers.count == values.count {
                moderators.append(.init(name: moderator.value, levels: nil))
                names.append(moderator.value)
                columns.append(numbers)
                continue
            }
            var levels = Array(Set(values.map(\.text))).sorted()
            if let reference, reference.attribute.value == moderator.value {
                let chosen = reference.value.value.text
                guard let index = levels.firstIndex(of: chosen) else {
                    throw DiagnosticList([
                        .error(
                            .unknownAttributeValue, "no study in the model has \(moderator.value) \(chosen)",
                            at: reference.value.span,
                            notes: ["\(moderator.value) takes the values: " + levels.joined(separator: ", ")])
                    ])
                }
                levels.insert(levels.remove(at: index), at: 0)
            }
            moderators.append(.init(name: moderator.value, levels: levels))
            for level in levels.dropFirst() {
                names.append("\(moderator.value)=\(level)")
                columns.append(values.map { $0.text == level ? 1 : 0 })
            }
        }
        let rows = studies.indices.map { i in columns.map { $0[i] } }
        return (moderators, Design(rows: rows), names)
    }

    private func referenceLevel(
        _ statement: MetaregStatement
    ) -> (attribute: Located<String>, value: Located<AttributeValue>)? {
        guard case .selection(let attribute, let value)? = statement.options[.reference]?.value else { return nil }
        return (attribute, value)
    }
}
