import ArgumentParser
import ForestRender

/// `forest`: run, check and explore meta-analysis scripts.
@main
struct Forest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forest",
        abstract: "A plain-text language for meta-analysis.",
        discussion: """
            Write studies and analyses in a .forest script and run it, or explore interactively:

              forest review.forest              (same as: forest run review.forest)
              forest run review.forest --format json
              forest check review.forest        (diagnostics only)
              forest import review.rm5 -o review.forest   (a RevMan 5 review as a script)
              forest explain unknown-option     (what a diagnostic means, how to fix it)
              forest lsp                        (the language server, for editors)
              forest                            (the REPL; forest < review.forest reads a pipe)
              forest -i review.forest           (the REPL with the script loaded; also: forest repl FILE)

            Exit status: 0 success, 1 errors in the script, 64 usage error, 74 I/O error.
            """,
        version: ForestVersion.current,
        subcommands: [Run.self, Check.self, Fmt.self, Repl.self, Import.self, Explain.self, Lsp.self],
        defaultSubcommand: Run.self
    )

    /// A plain `run` command line (see `QuickRun`) goes straight to the run; any other, through
    /// ArgumentParser, as `ParsableCommand.main` does it.
    static func main() {
        let commands = configuration.subcommands.compactMap { $0.configuration.commandName }
        guard let request = QuickRun.request(Array(CommandLine.arguments.dropFirst()), commands: commands) else {
            return main(nil)
        }
        do {
            try request.perform()
        } catch {
            exit(withError: error)
        }
    }
}
