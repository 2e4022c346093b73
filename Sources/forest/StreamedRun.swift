import ForestEval
import ForestFiles
import ForestRender

/// A run's analyses as they come: each is handed to the report's thread, which writes it into
/// the report (held in a spool until the run is known to have succeeded), and dropped, so that
/// the run never holds them all; only the figures to write are kept. After the first error
/// nothing more is written.
struct StreamedRun {
    let spool = ReportSpool()
    private let thread: ReportThread
    /// The figures and tables to write, with where.
    var files: [(analysis: Analysis, output: Evaluation.Output)] = []
    private var checked = 0
    private var failed = false

    init(writer: any ReportWriter) {
        thread = ReportThread(writer: writer, spool: spool)
    }

    /// Takes the analyses and outputs out of the evaluation so far.
    mutating func take(_ evaluation: inout Evaluation) {
        defer { (evaluation.analyses, evaluation.outputs, evaluation.statementLines) = ([], [], []) }
        failed = failed || evaluation.diagnostics[checked...].contains { $0.severity == .error }
        checked = evaluation.diagnostics.count
        guard !failed else { return }
        for output in evaluation.outputs { files.append((evaluation.analyses[output.analysis], output)) }
        for (index, analysis) in evaluation.analyses.enumerated() {
            thread.submit(
                analysis, line: index < evaluation.statementLines.count ? evaluation.statementLines[index] : nil)
        }
    }

    /// Waits for the report's thread to write everything taken: see `ReportThread.finish`.
    func finish() -> (writer: any ReportWriter, written: Int, failure: ReportSpool.Failure?) {
        thread.finish()
    }
}
