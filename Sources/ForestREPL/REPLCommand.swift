import ForestEval
import ForestSyntax
import Foundation

/// The REPL's own commands (`:help`, `:studies`, …), which are not Forest statements.
enum REPLCommand {
    static let names = ["help", "studies", "outcomes", "show", "load", "save", "reset", "quit"]
    static let aliases = ["q": "quit", "exit": "quit", "h": "help", "?": "help"]

    enum Result {
        case text(String)
        case error(String)
        /// Source to evaluate as if typed (`:load`).
        case evaluate(SourceFile)
        case reset
        case quit
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
        case "studies":
            return .text(studies(session))
        case "outcomes":
            return .text(outcomes(session))
        case "show":
            return show(argument, session: session)
        case "load":
            guard !argument.isEmpty else { return .error("usage: :load FILE") }
            let path = (argument as NSString).expandingTildeInPath
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                return .error("cannot read \(argument)")
            }
            return .evaluate(SourceFile(name: argument, text: text))
        case "save":
            return save(argument, session: session)
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
                    + [study.outcomes.map(\.name).joined(separator: ", ")])
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
        if label.hasPrefix("\""), label.hasSuffix("\""), label.count >= 2 {
            label = String(label.dropFirst().dropLast())
        }
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
    private static func save(_ argument: String, session: Session) -> Result {
        guard !argument.isEmpty else { return .error("usage: :save FILE") }
        let path = (argument as NSString).expandingTildeInPath
        let text = ScriptWriter.text(session.log, header: "Written by forest's :save. Run it with: forest \(argument)")
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            return .error("cannot write \(argument): \((error as NSError).localizedDescription)")
        }
        return .text("Saved \(session.log.count) statement\(session.log.count == 1 ? "" : "s") to \(argument).")
    }

    private static func align(_ rows: [[String]]) -> String {
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
