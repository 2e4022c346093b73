import ForestStats
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
        if let info = outcomes[name] {
            let problems = optionProblems(statement, kind: info.kind)
            guard problems.isEmpty else { throw DiagnosticList(problems) }
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
            : "only generic data take `scale` and `effect`; other outcomes take their scale and name from `measure`"
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

extension Session {
    /// `defaults OPTION …`: once per script; its options must fit together (whether they fit
    /// an outcome's data is checked where they are used).
    mutating func setDefaults(_ statement: DefaultsStatement) throws(DiagnosticList) {
        if let earlier = defaults {
            throw DiagnosticList([
                .error(
                    .duplicateDeclaration, "the defaults are already set", at: statement.span,
                    secondary: [Diagnostic.Label(earlier.span, "set here")],
                    help: "put every default in one `defaults` statement")
            ])
        }
        // Any kind of data will do: only the problems that do not depend on it are judged here.
        let kindFree = PoolOptions.resolve(Self.request(statement.options), for: .binary).problems.filter {
            !$0.concernsData
        }
        let located = Located("defaults", statement.span)
        guard kindFree.isEmpty else {
            throw DiagnosticList(kindFree.map { problem(statement.options, $0, outcome: located) })
        }
        defaults = statement
    }

    /// The options of an outcome's declaration that do not fit its kind of data, worded at
    /// the declaration (checked when the declaration meets the data, whichever comes first).
    func optionProblems(_ declaration: OutcomeStatement, kind: OutcomeKind) -> [Diagnostic] {
        PoolOptions.resolve(Self.request(declaration.options), for: kind).problems.map {
            problem(declaration.options, $0, outcome: declaration.name)
        }
    }
}

extension Session {
    /// A warning for each outcome the script declares that no study has data for (so far): a
    /// misspelt name (`OS1Y` for `OS1y`) would otherwise pass silently.
    func unusedDeclarations(in script: Script) -> [Diagnostic] {
        script.statements.compactMap { statement -> Diagnostic? in
            guard case .outcome(let declaration) = statement,
                declarations[declaration.name.value]?.span == declaration.span,
                outcomes[declaration.name.value] == nil
            else { return nil }
            let name = declaration.name
            return .warning(
                .unusedDeclaration, "no study so far has data for outcome `\(name.value)`", at: name.span,
                notes: outcomeOrder.isEmpty ? [] : ["outcomes with data: " + outcomeOrder.joined(separator: ", ")],
                help: Suggest.help(name.value, among: outcomeOrder)
                    ?? "check the name, or give the studies' data for it")
        }
    }
}
