import ForestStats
import ForestSyntax

extension Session {
    /// Checks a `study` statement and adds the study; all its problems are reported together.
    mutating func define(_ statement: StudyStatement) throws(DiagnosticList) {
        let label = statement.label.value
        let hash = LabelIndex.hash(label)
        var problems = labelProblems(statement, earlier: study(labelled: label, hash: hash))
        let attributes = checkedAttributes(statement, problems: &problems)
        let checked = checkedOutcomes(statement, problems: &problems)
        guard problems.isEmpty else { throw DiagnosticList(problems) }

        for position in checked.unseen {
            register(checked.entries[position], hash: LabelIndex.hash(checked.entries[position].name))
        }
        studyIndex.insert(hash: hash, position: studies.count)
        studies.append(
            Study(
                label: label, labelSpan: statement.label.span, attributes: attributes,
                outcomes: checked.entries, index: checked.index, span: statement.span))
    }

    /// A study's outcome entries as checked: those kept, their index (for a study with many),
    /// and the positions of the first entries of outcomes the session has not seen before.
    struct CheckedEntries {
        var entries: [StudyEntry] = []
        var index: OutcomeIndex?
        var unseen: [Int] = []
    }

    /// Outcomes used for the first time: their kind and first use.
    mutating func registerOutcomes(_ entries: [StudyEntry]) {
        for entry in entries {
            let hash = LabelIndex.hash(entry.name)
            if knownKind(of: entry.name, hash: hash) == nil { register(entry, hash: hash) }
        }
    }

    /// Records an outcome used for the first time, at `entry`.
    private mutating func register(_ entry: StudyEntry, hash: UInt64) {
        outcomes[entry.name] = OutcomeInfo(kind: entry.data.kind, firstUse: entry.span)
        outcomeIndex.insert(hash: hash, position: outcomeOrder.count)
        outcomeOrder.append(entry.name)
        outcomeKinds.append(entry.data.kind)
    }

    /// The kind of an outcome the session knows (`hash`: `LabelIndex.hash` of its name).
    func knownKind(of name: String, hash: UInt64) -> OutcomeKind? {
        outcomeIndex.position(hash: hash) { outcomeOrder[$0] == name }.map { outcomeKinds[$0] }
    }

    /// A label must not be empty or taken (by `earlier`).
    private func labelProblems(_ statement: StudyStatement, earlier: Study?) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let label = statement.label.value
        // A visible ASCII byte settles it without walking the label's characters.
        if !label.utf8.contains(where: { $0 > 0x20 && $0 < 0x7F }) && label.allSatisfy(\.isWhitespace) {
            problems.append(
                .error(
                    .emptyLabel, "a study needs a label", at: statement.label.span,
                    help: "name it as in the review, e.g. study \"Ke 2011\""))
        }
        if let existing = earlier {
            problems.append(
                .error(
                    .duplicateStudy, "study \"\(statement.label.value)\" is already defined", at: statement.label.span,
                    secondary: [Diagnostic.Label(existing.labelSpan, "first defined here")],
                    help: "give each study a unique label, e.g. \"\(statement.label.value) b\""))
        }
        return problems
    }

    /// The attributes, each name once.
    func checkedAttributes(
        _ statement: StudyStatement, problems: inout [Diagnostic]
    ) -> [(name: String, value: AttributeValue, span: Span)] {
        var attributes: [(name: String, value: AttributeValue, span: Span)] = []
        for attribute in statement.attributes {
            if let earlier = attributes.first(where: { $0.name == attribute.name.value }) {
                problems.append(
                    .error(
                        .duplicateAttribute, "attribute `\(attribute.name.value)` is given twice",
                        at: attribute.name.span,
                        secondary: [Diagnostic.Label(earlier.span, "first given here")]))
                continue
            }
            attributes.append((attribute.name.value, attribute.value.value, attribute.name.span))
        }
        return attributes
    }

    /// The outcome data, each outcome once, checked, and of the kind the outcome already has
    /// (or its declaration allows).
    func checkedOutcomes(_ statement: StudyStatement, problems: inout [Diagnostic]) -> CheckedEntries {
        var outcomesHere: [StudyEntry] = []
        outcomesHere.reserveCapacity(statement.entries.count)
        // The entries of each outcome so far, so that a study with thousands of outcomes is
        // checked in linear time (the study keeps the index); a study with a few is scanned.
        var index = Study.indexes(statement.entries.count) ? OutcomeIndex(capacity: statement.entries.count) : nil
        var unseen: [Int] = []
        for entry in statement.entries {
            let qualifier = entry.qualifier.map { Qualifier(attribute: $0.name.value, value: $0.value.value) }
            // Hashed once, for the look-ups here and the record below.
            let hash = LabelIndex.hash(entry.name.value)
            let earlier =
                index.map { $0.positions(of: entry.name.value, hash: hash).map { outcomesHere[$0] } }
                ?? outcomesHere.filter { $0.name == entry.name.value }
            if let problem = Self.rowConflict(entry, qualifier, among: earlier) {
                problems.append(problem)
                continue
            }
            let (data, dataProblems) = DataChecks.check(entry.data)
            if !dataProblems.isEmpty { problems += dataProblems }
            guard let data else { continue }
            // One look-up of the outcome (a million studies make a million of them).
            let known = knownKind(of: entry.name.value, hash: hash)
            if let known, known != data.kind, let first = outcomes[entry.name.value] {
                problems.append(kindConflict(entry, data.kind, known, first.firstUse))
                continue
            }
            let declared = known == nil ? declarations[entry.name.value] : nil
            if let declared, let conflict = Session.inapplicableSetting(declared, kind: data.kind) {
                problems.append(
                    .error(
                        .declarationConflict,
                        "outcome `\(entry.name.value)` is declared with `\(conflict.setting.keyword.rawValue)`, which \(data.kind.rawValue) data do not take",
                        at: entry.span, secondary: [Diagnostic.Label(conflict.keyword, "declared here")],
                        help: Session.settingHelp(conflict.setting.keyword)))
                continue
            }
            if let declared {
                let optionProblems = optionProblems(declared, kind: data.kind)
                if !optionProblems.isEmpty {
                    problems += optionProblems.map { problem in
                        var problem = problem
                        problem.secondary.append(Diagnostic.Label(entry.span, "\(data.kind.rawValue) data here"))
                        return problem
                    }
                    continue
                }
            }
            if known == nil && earlier.isEmpty { unseen.append(outcomesHere.count) }
            index?.add(entry.name.value, hash: hash)
            outcomesHere.append(StudyEntry(name: entry.name.value, data: data, span: entry.span, qualifier: qualifier))
        }
        // An index of fewer entries than indexed (some were refused) is not the one a study
        // of them would make: the study makes its own.
        return CheckedEntries(
            entries: outcomesHere, index: Study.indexes(outcomesHere.count) ? index : nil, unseen: unseen)
    }

    private func kindConflict(
        _ entry: OutcomeEntry, _ kind: OutcomeKind, _ known: OutcomeKind, _ firstUse: Span
    ) -> Diagnostic {
        .error(
            .outcomeTypeConflict,
            "outcome `\(entry.name.value)` has \(kind.rawValue) data here but \(known.rawValue) data elsewhere",
            at: entry.span, label: "\(kind.rawValue) data",
            secondary: [Diagnostic.Label(firstUse, "first used here with \(known.rawValue) data")],
            notes: ["an outcome's data type is fixed by its first use"],
            help: "use another outcome name for the \(kind.rawValue) data")
    }

    /// An outcome may appear several times in a study only as rows qualified by one attribute
    /// with different values (`CR[stage "I"]: …, CR[stage "II"]: …`); `earlier` are the
    /// study's entries for the same outcome so far.
    static func rowConflict(
        _ entry: OutcomeEntry, _ qualifier: Qualifier?,
        among earlier: [StudyEntry]
    ) -> Diagnostic? {
        let name = entry.name.value
        guard let first = earlier.first(where: { $0.name == name }) else { return nil }
        let secondary = [Diagnostic.Label(first.span, "first given here")]
        guard let qualifier, let firstQualifier = first.qualifier else {
            return .error(
                .duplicateOutcomeInStudy, "outcome `\(name)` appears twice in this study", at: entry.name.span,
                secondary: secondary,
                help: "to give the study one row per subgroup, qualify each: \(name)[stage \"I\"]: …")
        }
        if firstQualifier.attribute != qualifier.attribute {
            return .error(
                .duplicateOutcomeInStudy,
                "the rows of `\(name)` in this study are qualified by `\(firstQualifier.attribute)`, not `\(qualifier.attribute)`",
                at: entry.qualifier!.name.span, secondary: secondary)
        }
        if let same = earlier.first(where: { $0.name == name && $0.qualifier == qualifier }) {
            return .error(
                .duplicateOutcomeInStudy,
                "outcome `\(name)` appears twice in this study with \(qualifier.attribute) \(qualifier.value.text)",
                at: entry.qualifier!.value.span, secondary: [Diagnostic.Label(same.span, "first given here")])
        }
        return nil
    }
}
