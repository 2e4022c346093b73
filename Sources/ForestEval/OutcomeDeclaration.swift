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
        if let info = outcomes[name], let conflict = Session.inapplicableSetting(statement, kind: info.kind) {
            throw DiagnosticList([
                .error(
                    .declarationConflict,
                    "`\(conflict.setting.keyword.rawValue)` does not apply to \(info.kind.rawValue) data, which `\(name)` has",
                    at: conflict.keyword,
                    secondary: [Diagnostic.Label(info.firstUse, "\(info.kind.rawValue) data here")],
                    help: Session.settingHelp(conflict.setting.keyword))
            ])
        }
        declarations[name] = statement
    }

    /// The first setting that an outcome with `kind` data cannot take: `scale` and `effect` are
    /// for generic data (binary and continuous data get their scale and name from `measure`);
    /// `arms` for data with two arms.
    static func inapplicableSetting(
        _ statement: OutcomeStatement, kind: OutcomeKind
    ) -> (keyword: Span, setting: OutcomeStatement.Setting)? {
        statement.settings.first { entry in
            switch entry.setting {
            case .scale, .effect: kind != .generic
            case .arms: kind == .generic
            case .label, .favours: false
            }
        }
    }

    static func settingHelp(_ keyword: OutcomeSettingName) -> String {
        keyword == .arms
            ? "generic data have no arms to name; use `label` or `effect`"
            : "binary and continuous outcomes take their scale and name from `measure`"
    }

    /// How an outcome in use is named and shown: its declaration applied to the defaults.
    public func description(of name: String) -> OutcomeDescription? {
        guard let info = outcomes[name] else { return nil }
        var description = OutcomeDescription(name: name, kind: info.kind)
        for (_, setting) in declarations[name]?.settings ?? [] {
            switch setting {
            case .label(let text): description.label = text.value
            case .scale(let scale): description.logScale = scale.value == .log
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
