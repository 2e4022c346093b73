import ArgumentParser
import ForestEval
import ForestFiles
import ForestREPL
import ForestRender
import ForestSyntax

/// `forest run FILE`: evaluate a script and print its analyses.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a script and print its results.")

    @Argument(help: "The script to run; `-` reads standard input. Without one, the REPL starts.")
    var file: String?

    @Option(help: ArgumentHelp("Output format: \(ReportFormats.choices)."))
    var format = OutputFormat(argument: "text")!

    @Flag(name: [.customShort("i"), .long], help: "Load the script into the REPL instead (forest -i FILE).")
    var interactive = false

    @Flag(help: "JSON without each analysis's per-study rows (for very many studies).")
    var noStudies = false

    @OptionGroup var display: DisplayOptions

    func validate() throws {
        if noStudies && !format.format.canLeaveOutStudies {
            throw ValidationError("--no-studies applies to --format json; text tables always list their studies")
        }
    }

    func run() throws {
        guard let file, !interactive else {
            try Repl.start(display, loading: file)
            return
        }
        let source = try SourceLoader.load(file, useColor: display.colorInDiagnostics)
        var session = Session()
        session.checkOutput = OutputPath.check
        session.keepsLog = false
        let evaluation = session.evaluate(source)
        let renderer = DiagnosticRenderer(useColor: display.colorInDiagnostics)
        if !evaluation.diagnostics.isEmpty {
            Terminal.write(renderer.renderLimited(evaluation.diagnostics), to: .standardError)
        }
        if evaluation.hasErrors {
            Terminal.write(
                "\n\(DiagnosticRenderer.summary(evaluation.diagnostics)); no results were produced\n",
                to: .standardError)
            throw ExitCode(1)
        }
        // A figure that could not be written is left out of the report: it must not be listed
        // as written.
        let (analyses, writeFailures) = FigureFiles.write(evaluation)
        let options = ReportOptions(style: display.textStyle, studyRows: !noStudies)
        format.format.write(analyses, session.title?.value, options) {
            Terminal.write(bytes: $0, to: .standardOutput)
        }
        if !writeFailures.isEmpty {
            Terminal.write(renderer.render(writeFailures), to: .standardError)
            throw ExitCode(74)
        }
    }
}
