import ArgumentParser
import ForestREPL
import ForestSyntax

/// `forest explain ID`: what a diagnostic means, an example and how to fix it (docs/errors.md).
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a diagnostic: what it means, an example, how to fix it.",
        discussion:
            "Ids are in `forest check --format json` (`id`) and listed by `forest explain`; e.g. `forest explain unknown-option`."
    )

    @Argument(help: "The diagnostic's id; without one, every id with its meaning.")
    var id: String?

    func run() throws {
        guard let id else {
            for e in DiagnosticExplanation.all { print("\(e.id.rawValue): \(e.meaning)") }
            return
        }
        guard let known = DiagnosticID(rawValue: id) else {
            let hint = Suggest.help(id, among: DiagnosticID.allCases.map(\.rawValue)).map { " (\($0))" } ?? ""
            throw ValidationError("no diagnostic has the id `\(id)`\(hint); `forest explain` lists them")
        }
        print(DiagnosticExplainer.text(known), terminator: "")
    }
}
