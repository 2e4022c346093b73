import ForestEval
import ForestFiles
import ForestRender

/// A run's analyses as they come: each is handed to the report's thread, which writes it into
/// the report (held in a spool until the run is known to have succeeded, then `release`d), and
/// dropped, so that the run never holds them all; only the figures to write are kept. After
/// the first error nothing more is written.
struct StreamedRun {
    private let thread: ReportThread
    /// The figures and tables to write, with where.
    var files: [(analysis: Analysis, output: Evaluation.Output)] = []
    /// How many analyses were handed to the report's thread.
    private(set) var submitted = 0
    private var checked = 0
    private var failed = false

    init(writer: any ReportWriter) {
        thread = ReportThread(writer: writer, spool: ReportSpool())
    }

    /// Takes the analyses and outputs out of the evaluation so far.
    mutating func take(_ evaluation: inout Evaluation) {
        defer { (evaluation.analyses, evaluation.outputs, evaluation.statementLines) = ([], [], []) }
        failed = failed || evaluation.diagnostics[checked...].contains { $0.severity == .error }
        checked = evaluation.diagnostics.count
        guard !failed else { return }
        for output in evaluation.outputs { files.append((evaluation.analyses[output.analysis], output)) }
        submitted += evaluation.analyses.count
        for (index, analysis) in evaluation.analyses.enumerated() {
            thread.submit(
                analysis, line: index < evaluation.statementLines.count ? evaluation.statementLines[index] : nil)
        }
    }

    /// The run has succeeded: see `ReportThread.release`.
    func release(to descriptor: Int32, after prologue: [UInt8]) {
        thread.release(to: descriptor, after: prologue)
    }

    /// Waits for the report's thread to write everything taken: see `ReportThread.finish`.
    func finish() -> (writer: any ReportWriter, written: Int, failure: ReportSpool.Failure?) {
        thread.finish()
    }
}
