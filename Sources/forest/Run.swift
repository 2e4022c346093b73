import ArgumentParser
import ForestEval
import ForestREPL
import ForestRender
import ForestSyntax

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto
    case always
    case never
}

/// `forest run FILE`: evaluate a script and print its analyses.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a script and print its results.")

    @Argument(help: "The script to run; `-` reads standard input. Without one, the REPL starts.")
    var file: String?

    @Option(help: "Output format: text (RevMan-style tables) or json.")
    var format: OutputFormat = .text

    @Flag(help: "Plain ASCII text: no Unicode symbols in tables and plots.")
    var ascii = false

    @Flag(help: "Leave out the text forest plots.")
    var noPlot = false

    @Option(help: "Colour in diagnostics: auto (only on a terminal, honouring NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        guard let file else {
            try Repl.start(ascii: ascii, noPlot: noPlot, color: color)
            return
        }
        let source = try SourceLoader.load(file)
        var session = Session()
        let evaluation = session.evaluate(source)
        let renderer = DiagnosticRenderer(useColor: Terminal.useColor(color, for: .standardError))
        if !evaluation.diagnostics.isEmpty {
            Terminal.write(renderer.render(evaluation.diagnostics), to: .standardError)
        }
        if evaluation.hasErrors {
            Terminal.write(
                "\n\(DiagnosticRenderer.summary(evaluation.diagnostics)); no results were produced\n",
                to: .standardError)
            throw ExitCode(1)
        }
        let writeFailures = FigureFiles.write(evaluation.analyses)
        switch format {
        case .json:
            Terminal.write(JSONReport.document(evaluation.analyses).serialized(indent: 2) + "\n", to: .standardOutput)
        case .text:
            let style = TextStyle(unicode: !ascii && Terminal.supportsUnicode, plot: !noPlot)
            Terminal.write(TextReport(style: style).render(evaluation.analyses), to: .standardOutput)
        }
        if !writeFailures.isEmpty {
            Terminal.write(renderer.render(writeFailures), to: .standardError)
            throw ExitCode(74)
        }
    }
}
