import ForestSyntax

extension Session {
    /// `label ATTRIBUTE VALUE "TEXT" …`: the headings of the subgroups of `by ATTRIBUTE`. A value
    /// is labelled once (a second label would silently rename a subgroup), and a label is not
    /// empty. All or nothing: on an error no label of the statement is kept.
    mutating func label(_ statement: LabelStatement) throws(DiagnosticList) {
        var labels = valueLabels[statement.attribute.value] ?? [:]
        var problems: [Diagnostic] = []
        for entry in statement.labels {
            let value = entry.value.value.text
            if entry.text.value.allSatisfy(\.isWhitespace) {
                problems.append(
                    .error(
                        .emptyLabel, "the label of \(statement.attribute.value) = \(value) is empty",
                        at: entry.text.span, help: "write the subgroup's heading, e.g. \"Stage \(value)\""))
            } else if let earlier = labels[value] {
                problems.append(
                    .error(
                        .duplicateDeclaration, "\(statement.attribute.value) = \(value) already has a label",
                        at: entry.value.span, secondary: [Diagnostic.Label(earlier.span, "labelled here")],
                        help: "keep one label for each value"))
            } else {
                labels[value] = entry.text
            }
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        valueLabels[statement.attribute.value] = labels
    }
}
