import ForestEval
import ForestFiles
import ForestRender

/// A run's analyses as they come: each is written into the report (held in a spool until the
/// run is known to have succeeded) and dropped, so that the run never holds them all; only
/// the figures to write are kept. After the first error nothing more is written.
struct StreamedRun {
    var writer: any ReportWriter
    let spool = ReportSpool()
    var count = 0
    /// The figures and tables to write, with where.
    var files: [(analysis: Analysis, output: Evaluation.Output)] = []
    var spoolFailure: ReportSpool.Failure? = nil
    private var checked = 0
    private var failed = false

    init(writer: any ReportWriter) {
        self.writer = writer
    }

    /// Takes the analyses and outputs out of the evaluation so far.
    mutating func take(_ evaluation: inout Evaluation) {
        defer { (evaluation.analyses, evaluation.outputs, evaluation.statementLines) = ([], [], []) }
        failed = failed || evaluation.diagnostics[checked...].contains { $0.severity == .error }
        checked = evaluation.diagnostics.count
        guard !failed, spoolFailure == nil else { return }
        for output in evaluation.outputs { files.append((evaluation.analyses[output.analysis], output)) }
        let spool = self.spool
        var failure: ReportSpool.Failure? = nil
        for (index, analysis) in evaluation.analyses.enumerated() where failure == nil {
            count += 1
            let line = index < evaluation.statementLines.count ? evaluation.statementLines[index] : nil
            writer.add(analysis, line: line) { bytes in
                do throws(ReportSpool.Failure) { try spool.append(bytes) } catch { failure = error }
            }
        }
        spoolFailure = failure
    }
}
