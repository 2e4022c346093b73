import ArgumentParser
import ForestEval
import ForestFiles
import ForestREPL
import ForestRender
import ForestSyntax
import Foundation

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
        session.readTable = CSVTableFile.read
        session.keepsLog = false
        // A report needs every analysis before it; a run without one holds none of them.
        session.keepsReview = source.containsWord(StatementKeyword.report.rawValue)
        let renderer = DiagnosticRenderer(useColor: display.colorInDiagnostics)
        var run = StreamedRun(
            writer: format.format.writer(ReportOptions(style: display.textStyle, studyRows: !noStudies)))
        let evaluation = session.evaluate(source, parsingAhead: Session.worthParsingAhead(source)) { run.take(&$0) }
        // The report's thread has written every analysis taken (or stopped at a failure).
        let report = run.finish()
        var writer = report.writer
        if !evaluation.diagnostics.isEmpty {
            let text = renderer.renderLimited(evaluation.diagnostics)
            Terminal.write(display.textStyle.unicode ? text : ASCIIText.fold(text), to: .standardError)
        }
        if evaluation.hasErrors {
            Terminal.write(
                "\n\(DiagnosticRenderer.summary(evaluation.diagnostics)); no results were produced\n",
                to: .standardError)
            // A tool reading JSON gets the problems as JSON, as `check --format json` gives them.
            if format.format.name == "json" {
                Terminal.write(
                    DiagnosticJSON.document(evaluation.diagnostics).serialized(indent: 2) + "\n", to: .standardOutput)
            }
            throw ExitCode(1)
        }
        if let failure = report.failure {
            Terminal.write("forest: cannot hold the report: \(failure.reason)\n", to: .standardError)
            throw ExitCode(74)
        }
        // The report already lists each figure as written: one that could not be written
        // (checked before the run, so only a late failure such as a full disk) means no report.
        let failures = FigureFiles.write(run.files)
        if !failures.isEmpty {
            Terminal.write(
                renderer.render(failures.map(\.problem)) + "no results were printed: a figure could not be written\n",
                to: .standardError)
            throw ExitCode(74)
        }
        // The title block is known only now (a `review` statement may come late).
        Terminal.write(
            bytes: writer.prologue(title: session.title?.value, analyses: report.written), to: .standardOutput)
        if let failure = run.spool.copy(to: STDOUT_FILENO) {
            if failure.writing { Terminal.failed(.standardOutput, failure.code) }
            Terminal.write(
                "forest: cannot read the report back: \(String(cString: strerror(failure.code)))\n", to: .standardError)
            throw ExitCode(74)
        }
        writer.finish { Terminal.write(bytes: $0, to: .standardOutput) }
        Run.keptUntilExit = session
    }

    /// The finished run's session, kept until the process ends rather than freed study by
    /// study when `run` returns: nobody waits for that work (a million studies: 0.1 s).
    nonisolated(unsafe) private static var keptUntilExit: Session?
}
