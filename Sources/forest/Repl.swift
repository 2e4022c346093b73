import ArgumentParser
import ForestREPL
import ForestRender

/// `forest` with no file, or `forest repl`: the interactive REPL. On a terminal it edits lines
/// with libedit; from a pipe (`forest < review.forest`) it reads plain lines, with no prompts
/// and no escape codes, and exits with status 1 if any statement had an error.
struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explore an analysis interactively (the default without a file).")

    @Flag(help: "Plain ASCII text: no Unicode symbols in tables and plots.")
    var ascii = false

    @Flag(help: "Leave out the text forest plots.")
    var noPlot = false

    @Option(help: "Colour in diagnostics: auto (only on a terminal, honouring NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        try Repl.start(ascii: ascii, noPlot: noPlot, color: color)
    }

    static func start(ascii: Bool, noPlot: Bool, color: ColorChoice) throws {
        let interactive = Terminal.isTerminal(.standardInput) && Terminal.isTerminal(.standardOutput)
        let style = TextStyle(unicode: !ascii && Terminal.supportsUnicode, plot: !noPlot)
        let useColor = Terminal.useColor(color, for: .standardError)
        var repl: REPL!
        let reader: LineReader
        if interactive {
            reader = EditLineReader(historyFile: HistoryLocation.file()) { repl.complete($0) }
            Terminal.write(
                "Forest — a language for meta-analysis. :help for help, Ctrl-D to quit.\n", to: .standardOutput)
        } else {
            reader = PlainLineReader()
        }
        repl = REPL(
            reader: reader, style: style, useColor: useColor,
            output: { Terminal.write($0, to: .standardOutput) },
            errors: { Terminal.write($0, to: .standardError) })
        repl.run()
        if interactive { Terminal.write("\n", to: .standardOutput) }
        if !interactive && repl.hadErrors { throw ExitCode(1) }
    }
}
