import ForestEval
import ForestFiles
import ForestRender
import ForestSyntax

/// `forest explain ID` (and `:explain ID` in the REPL) and docs/errors.md: a diagnostic's
/// meaning, an example script with what Forest says about it — the example run for real, so the
/// text cannot drift from the messages — and how to fix it.
public enum DiagnosticExplainer {
    /// The explanation as text for a terminal.
    public static func text(_ id: DiagnosticID) -> String {
        guard let e = DiagnosticExplanation.of(id) else { return "\(id.rawValue): no explanation\n" }
        var lines = ["\(id.rawValue): \(e.meaning)", ""]
        if let example = e.example {
            lines += ["For example:", ""] + indented(example) + ["", "gives:", ""] + indented(output(e))
        } else {
            lines.append("(No script gives it: it is about the run, not the script.)")
        }
        lines += ["", "How to fix it: \(e.fix)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// docs/errors.md: every diagnostic, a section each.
    public static func markdown() -> String {
        var out = """
            # Diagnostics

            Every diagnostic Forest gives, by its id: what it means, a script that gives it and what
            Forest says, and how to fix it. `forest explain ID` prints the same (made by
            `DiagnosticExplainer`; a test keeps this file equal to it). Errors stop a script from
            producing results; warnings do not.

            """
        for e in DiagnosticExplanation.all {
            out += "\n## `\(e.id.rawValue)`\n\n\(e.meaning)\n\n"
            if let example = e.example {
                for (path, text) in e.files.sorted(by: { $0.key < $1.key }) {
                    out += "With `\(path)`:\n\n```\n\(text)```\n\n"
                }
                // Not fenced as `forest`: docs' forest blocks are scripts that run cleanly.
                out += "```\n\(example)\n```\n\ngives\n\n```\n\(output(e).joined(separator: "\n"))\n```\n\n"
            }
            out += "**Fix:** \(e.fix)\n"
        }
        return out
    }

    /// What Forest says about the example: its diagnostics with this id, as `check` prints them.
    static func output(_ e: DiagnosticExplanation) -> [String] {
        guard let example = e.example else { return [] }
        let diagnostics = diagnostics(of: example, files: e.files).filter { $0.id == e.id }
        let rendered = DiagnosticRenderer().render(diagnostics)
        return rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .reversed().drop { $0.isEmpty }.reversed()
    }

    /// Every diagnostic of a script run as `forest check` runs it, its CSV files given.
    public static func diagnostics(of script: String, files: [String: String]) -> [Diagnostic] {
        var session = Session()
        session.checkOutput = OutputPath.check
        session.readTable = { path, _ in
            guard let text = files[path] else { return .failure(.unreadable(reason: "no such file", path: path)) }
            return CSVTableFile.table(name: path, bytes: Array(text.utf8))
        }
        return session.evaluate(SourceFile(name: "example.forest", text: script)).diagnostics
    }

    private static func indented(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }
    }

    private static func indented(_ lines: [String]) -> [String] {
        lines.map { $0.isEmpty ? "" : "    " + $0 }
    }
}
