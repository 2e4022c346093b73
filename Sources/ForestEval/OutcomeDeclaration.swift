import ForestSyntax

extension Session {
    /// Records an `outcome` declaration: how the outcome is labelled, scaled and shown.
    mutating func declare(_ statement: OutcomeStatement) throws(DiagnosticList) {
        let name = statement.name.value
        if let earlier = declarations[name] {
            throw DiagnosticList([
                .error(
                    .duplicateDeclaration, "outcome `\(name)` is already declared", at: statement.name.span,
                    secondary: [Diagnostic.Label(earlier.name.span, "declared here")],
                    help: "put all of the outcome's settings in one `outcome` statement")
            ])
        }
        if let scale = statement.settings.first(where: { $0.setting.keyword == "scale" }),
            let info = outcomes[name], info.kind != .generic
        {
            throw DiagnosticList([
                .error(
                    .declarationConflict,
                    "`scale` applies to generic data, but `\(name)` has \(info.kind.rawValue) data",
                    at: scale.keyword, secondary: [Diagnostic.Label(info.firstUse, "\(info.kind.rawValue) data here")],
                    help: "binary and continuous outcomes choose their scale through `measure`")
            ])
        }
        declarations[name] = statement
    }

    /// How an outcome in use is named and shown: its declaration applied to the defaults.
    public func description(of name: String) -> OutcomeDescription? {
        guard let info = outcomes[name] else { return nil }
        var description = OutcomeDescription(name: name, kind: info.kind)
        for (_, setting) in declarations[name]?.settings ?? [] {
            switch setting {
            case .label(let text): description.label = text.value
            case .scale(let scale): description.logScale = scale.value == "log"
            case .effect(let text): description.effectName = text.value
            case .arms(let e, let c):
                description.experimentalArm = e.value
                description.controlArm = c.value
            case .favours(let left, let right):
                description.favoursLeft = left.value
                description.favoursRight = right.value
            }
        }
        return description
    }
}
