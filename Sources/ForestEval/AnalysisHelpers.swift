import ForestStats
import ForestSyntax

/// Checks and warnings the analysis statements share.
extension Session {
    /// The attribute must be used by at least one study of the outcome.
    func checkAttribute(_ attribute: Located<String>, among studies: [Study]) throws(DiagnosticList) {
        guard !studies.contains(where: { $0.attribute(attribute.value) != nil }) else { return }
        throw DiagnosticList([unknownAttribute(attribute, severity: .error, consequence: "")])
    }

    func unknownAttribute(
        _ attribute: Located<String>, severity: Diagnostic.Severity, consequence: String
    ) -> Diagnostic {
        let names = attributeNames
        return Diagnostic(
            severity, .unknownAttribute,
            "no study of this outcome has the attribute `\(attribute.value)`" + consequence,
            at: Diagnostic.Label(attribute.span),
            notes: names.isEmpty
                ? ["no study has any attribute yet"] : ["attributes in use: " + names.joined(separator: ", ")],
            help: Suggest.help(attribute.value, among: names))
    }

    /// Trim-and-fill re-pools by inverse variance: `method MH` or `Peto` cannot apply.
    func requireInverseVariance(_ options: [AnalysisOption]) throws(DiagnosticList) {
        guard let method = options[.method], method.choice(MethodWord.self) != .IV else { return }
        throw DiagnosticList([
            .error(
                .incompatibleOption, "trim-and-fill re-pools the studies by inverse variance", at: method.span,
                help: "drop `method`, or write `method IV`")
        ])
    }

    /// A written `method` other than IV, for analyses that refit the inverse-variance model
    /// (`what` says which, in the message).
    func requireInverseVarianceMethod(_ options: [AnalysisOption], _ what: String) throws(DiagnosticList) {
        guard let method = options[.method], method.choice(MethodWord.self) != .IV else { return }
        throw DiagnosticList([
            .error(.incompatibleOption, what, at: method.span, help: "drop `method`, or write `method IV`")
        ])
    }

    func rejectBy(_ options: ResolvedOptions, in statement: String) throws(DiagnosticList) {
        if let by = options.by {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "`by` does not apply to `\(statement)`", at: by.span,
                    help: "run the subgroup analysis with `pool … by \(by.value)`")
            ])
        }
    }

    func missingAttributeWarning(_ studies: [Study], attribute: Located<String>, what: String) -> [Diagnostic] {
        guard !studies.isEmpty else { return [] }
        let labels = studies.map { "\"\($0.label)\"" }.joined(separator: ", ")
        return [
            .warning(
                .missingAttribute,
                "\(studies.count) \(studies.count == 1 ? "study has" : "studies have") no `\(attribute.value)` and \(studies.count == 1 ? "is" : "are") \(what): \(labels)",
                at: attribute.span,
                help: "give \(studies.count == 1 ? "it" : "them") `\(attribute.value) VALUE` in the study statement")
        ]
    }

    func partition(_ studies: [Study], by predicate: (Study) -> Bool) -> ([Study], [Study]) {
        (studies.filter(predicate), studies.filter { !predicate($0) })
    }
}

extension Session {
    /// The studies (rows) an analysis of `outcome` uses: every one that reports it, or with
    /// `only ATTRIBUTE VALUE` those that have that value (an attribute or value no study has,
    /// or a selection that leaves none, is an error).
    func reporting(_ outcome: Located<String>, _ options: ResolvedOptions) throws(DiagnosticList) -> [Study] {
        let all = studies(reporting: outcome.value)
        guard let (attribute, value) = options.only else { return all }
        try checkAttribute(attribute, among: all)
        let selected = all.filter { $0.attribute(attribute.value)?.text == value.value.text }
        guard !selected.isEmpty else {
            let present = Array(Set(all.compactMap { $0.attribute(attribute.value)?.text })).sorted()
            throw DiagnosticList([
                .error(
                    .unknownAttributeValue, "no study of `\(outcome.value)` has \(attribute.value) \(value.value.text)",
                    at: value.span, notes: ["\(attribute.value) takes the values: " + present.joined(separator: ", ")],
                    help: Suggest.help(value.value.text, among: present, quoted: true))
            ])
        }
        return selected
    }

    /// The scale an analysis of these studies shows its results on (a pooled double arcsine is
    /// back-transformed with the harmonic mean of their sizes).
    func naturalScale(_ options: PoolOptions, _ outcome: OutcomeDescription, studies: [Study]) -> NaturalScale {
        let sizes =
            options.measure == .PFT ? studies.compactMap { $0.firstEntry(for: outcome.name)?.data.size } : []
        return NaturalScale(measure: options.measure, logScale: outcome.logScale, sizes: sizes)
    }
}
