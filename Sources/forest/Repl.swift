import ArgumentParser
import ForestREPL
import ForestRender

/// `forest` with no file, or `forest repl`: the interactive REPL. On a terminal it edits lines
/// with libedit; from a pipe (`forest < review.forest`) it reads plain lines, with no prompts
/// and no escape codes, and exits with status 1 if any statement had an error.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Explore an analysis interactively (the default without a file).")

    @Argument(help: "A script to load first (all or nothing, as :load).")
    var file: String?

    @OptionGroup var display: DisplayOptions

    func run() throws {
        try Repl.start(display.values, loading: file)
    }

    static func start(_ display: Display, loading file: String? = nil) throws {
        let interactive = Terminal.isTerminal(.standardInput) && Terminal.isTerminal(.standardOutput)
        let style = display.textStyle
        let useColor = display.colorInDiagnostics
        var repl: REPL!
        let reader: LineReader
        if interactive {
            reader = EditLineReader(
                historyFile: HistoryLocation.file(), warn: { Terminal.write($0, to: .standardError) }
            ) { repl.complete($0) }
            Terminal.write(
                "Forest — a language for meta-analysis. :help for help, Ctrl-D to quit.\n", to: .standardOutput)
        } else {
            reader = PlainLineReader()
        }
        repl = REPL(
            reader: reader, style: style, useColor: useColor, continuousLines: !interactive,
            output: { Terminal.write($0, to: .standardOutput) },
            errors: { Terminal.write($0, to: .standardError) })
        repl.interruptible = interactive
        if let file { repl.load(path: file) }
        repl.run()
        if interactive { Terminal.write("\n", to: .standardOutput) }
        if !interactive && repl.hadErrors { throw ExitCode(1) }
    }
}
