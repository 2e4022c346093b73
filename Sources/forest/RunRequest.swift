import ArgumentParser
import ForestEval
import ForestFiles
import ForestREPL
import ForestRender
import ForestSyntax
import Foundation

/// `forest run`'s options as plain values, and the run itself. `Run` (ArgumentParser's command)
/// and `QuickRun` (a plain command line read without it) both make one; the defaults here are
/// the options' defaults.
struct RunRequest: Equatable {
    var file: String?
    var format = OutputFormat(argument: "text")!
    var interactive = false
    var noStudies = false
    var display = Display()

    func validate() throws {
        if noStudies && !format.format.canLeaveOutStudies {
            throw ValidationError("--no-studies applies to --format json; text tables always list their studies")
        }
    }

    /// What `forest run` does: the script evaluated, its report written as it is produced.
    func perform() throws {
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
        let writer = format.format.writer(ReportOptions(style: display.textStyle, studyRows: !noStudies))
        var run = StreamedRun(writer: writer)
        let evaluation = session.evaluate(source, parsingAhead: Session.worthParsingAhead(source)) { run.take(&$0) }
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
        // The report already lists each figure as written: one that could not be written
        // (checked before the run, so only a late failure such as a full disk) means no report.
        // The report's thread goes on writing meanwhile.
        let failures = FigureFiles.write(run.files)
        if !failures.isEmpty {
            Terminal.write(
                renderer.render(failures.map(\.problem)) + "no results were printed: a figure could not be written\n",
                to: .standardError)
            throw ExitCode(74)
        }
        // The run has succeeded: the report goes out, the rest of it as it is written. The title
        // block is known only now (a `review` statement may come late).
        run.release(to: STDOUT_FILENO, after: writer.prologue(title: session.title?.value, analyses: run.submitted))
        let report = run.finish()
        if let failure = report.failure {
            if let code = failure.outputCode { Terminal.failed(.standardOutput, code) }
            Terminal.write("forest: \(failure.message)\n", to: .standardError)
            throw ExitCode(74)
        }
        var ending = report.writer
        ending.finish { Terminal.write(bytes: $0, to: .standardOutput) }
        RunRequest.keptUntilExit = session
    }

    /// The finished run's session, kept until the process ends rather than freed study by
    /// study when `run` returns: nobody waits for that work (a million studies: 0.1 s).
    nonisolated(unsafe) private static var keptUntilExit: Session?
}
