import ForestEval
import ForestFiles
import ForestSyntax
import Foundation

/// The REPL's own commands (`:help`, `:studies`, …), which are not Forest statements.
enum REPLCommand {
    static let names = [
        "help", "explain", "studies", "outcomes", "show", "load", "save", "save!", "undo", "drop", "reset", "quit",
    ]
    static let aliases = ["q": "quit", "exit": "quit", "h": "help", "?": "help"]

    enum Result {
        case text(String)
        case error(String)
        /// A script to evaluate whole, or not at all (`:load`).
        case load(SourceFile)
        /// A located error (a `:load`ed file that is not UTF-8).
        case diagnostic(Diagnostic)
        case reset
        case quit
        /// Take back the last entry that changed the session.
        case undo
        /// Remove a study (by label) and replay what came after it.
        case drop(String)
    }

    static func run(_ line: String, session: Session) -> Result {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let name = String(trimmed.dropFirst().prefix { !$0.isWhitespace })
        let argument = trimmed.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        switch aliases[name] ?? name {
        case "help":
            if argument.isEmpty { return .text(HelpText.overview) }
            guard let text = HelpText.text(for: argument) else {
                let hint = Suggest.help(argument, among: HelpText.topics).map { "; \($0)" } ?? ""
                return .error("no help on `\(argument)`\(hint) (topics: \(HelpText.topics.joined(separator: ", ")))")
            }
            return .text(text)
        case "explain":
            guard let id = DiagnosticID(rawValue: argument) else {
                let hint = Suggest.help(argument, among: DiagnosticID.allCases.map(\.rawValue)).map { "; \($0)" } ?? ""
                return .error("usage: :explain ID, a diagnostic's id (`forest explain` lists them)\(hint)")
            }
            return .text(DiagnosticExplainer.text(id))
        case "studies":
            return .text(studies(session))
        case "outcomes":
            return .text(outcomes(session))
        case "show":
            return show(argument, session: session)
        case "load":
            guard !argument.isEmpty else { return .error("usage: :load FILE") }
            let path = (argument as NSString).expandingTildeInPath
            switch ScriptFile.read(path) {
            case .failure(let failure):
                return .error("cannot read \(argument): \(failure.reason)")
            case .success(let bytes):
                let (source, problem) = SourceFile.decode(name: argument, bytes: bytes)
                if let problem { return .diagnostic(problem) }
                return .load(source)
            }
        case "save", "save!":
            return save(argument, session: session, replacing: name == "save!")
        case "undo":
            return .undo
        case "drop":
            return drop(argument, session: session)
        case "reset":
            return .reset
        case "quit":
            return .quit
        default:
            let near = Suggest.nearest(name, among: names, limit: 1)
            let hint = near.first.map { "; did you mean `:\($0)`?" } ?? ""
            return .error("unknown command `:\(name)`\(hint) (:help lists the commands)")
        }
    }

    private static func studies(_ session: Session) -> String {
        guard !session.studies.isEmpty else { return "No studies yet." }
        let attributes = session.attributeNames
        var rows = [["Study"] + attributes + ["Outcomes"]]
        for study in session.studies {
            rows.append(
                [study.label] + attributes.map { study.attribute($0)?.text ?? "" }
                    + [
                        study.outcomes.map(\.name).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                            .joined(separator: ", ")
                    ])
        }
        return align(rows)
    }

    private static func outcomes(_ session: Session) -> String {
        guard !session.outcomeOrder.isEmpty else { return "No outcomes yet." }
        var rows = [["Outcome", "Data", "Studies", "Label"]]
        for name in session.outcomeOrder {
            let description = session.description(of: name)!
            let count = session.studies.filter { $0.data(for: name) != nil }.count
            rows.append([
                name, description.kind.rawValue + (description.logScale ? " (log scale)" : ""), String(count),
                description.label ?? "",
            ])
        }
        return align(rows)
    }

    private static func show(_ argument: String, session: Session) -> Result {
        var label = argument
        // `:show "Trial 0"`, `:show Trial 0`, and an unclosed `:show "Trial 0`.
        if label.hasPrefix("\"") { label.removeFirst() }
        if label.hasSuffix("\"") { label.removeLast() }
        guard !label.isEmpty else { return .error("usage: :show \"LABEL\"") }
        guard session.study(labelled: label) != nil else {
            let hint = Suggest.help(label, among: session.studies.map(\.label), quoted: true).map { "; \($0)" } ?? ""
            return .error("no study \"\(label)\"\(hint)")
        }
        let statement = session.log.last { if case .study(let s) = $0 { s.label.value == label } else { false } }
        return .text(statement.map(ScriptWriter.text) ?? "")
    }

    /// Writes the session as a script, atomically: an existing file is replaced only once the
    /// new one is complete.
    /// `:drop "LABEL"`: a study defined in the session by a `study` statement.
    private static func drop(_ argument: String, session: Session) -> Result {
        var label = argument
        if label.hasPrefix("\"") { label.removeFirst() }
        if label.hasSuffix("\"") { label.removeLast() }
        guard !label.isEmpty else { return .error("usage: :drop \"LABEL\"") }
        guard let study = session.study(labelled: label) else {
            let hint = Suggest.help(label, among: session.studies.map(\.label), quoted: true).map { "; \($0)" } ?? ""
            return .error("no study \"\(label)\"\(hint)")
        }
        // A study read by `studies from` would come back when the session is rebuilt.
        if !session.log.contains(where: { if case .study(let s) = $0 { s.label.value == label } else { false } }) {
            return .error(
                "\"\(label)\" was read from \(study.labelSpan.source.name): take its rows out of the file and load it again"
            )
        }
        return .drop(label)
    }

    private static func save(_ argument: String, session: Session, replacing: Bool) -> Result {
        guard !argument.isEmpty else { return .error("usage: :save FILE") }
        let path = (argument as NSString).expandingTildeInPath
        if !replacing && FileManager.default.fileExists(atPath: path) {
            return .error("\(argument) exists; `:save! \(argument)` replaces it")
        }
        let text = ScriptFormatter.session(
            session.log, header: "Written by forest's :save. Run it with: forest \(argument)")
        do throws(AtomicFile.Failure) {
            try AtomicFile.write(text, to: path)
        } catch {
            return .error("cannot write \(argument): \(error.reason)" + (error.help.map { " (\($0))" } ?? ""))
        }
        return .text("Saved \(session.log.count) statement\(session.log.count == 1 ? "" : "s") to \(argument).")
    }

    private static func align(_ rows: [[String]]) -> String {
        let rows = rows.map { $0.map { VisibleText.escaped($0) } }
        let widths = (0..<rows[0].count).map { column in
            rows.map { VisibleText.displayWidth($0[column]) }.max() ?? 0
        }
        return rows.map { row in
            row.enumerated().map {
                $0.element + String(repeating: " ", count: widths[$0.offset] - VisibleText.displayWidth($0.element))
            }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
