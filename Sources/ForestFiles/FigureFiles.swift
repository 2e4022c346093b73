import ForestEval
import ForestRender
import ForestSyntax

/// Writes the figures of a run to their files (relative paths are taken from the working
/// directory), each atomically in the format its extension names, and reports a failure as a
/// diagnostic at the `to "…"` option.
public enum FigureFiles {
    /// Writes every file the evaluation asks for. Returns the analyses with each figure that
    /// could not be written left out (so that nothing reports it as written), and a diagnostic
    /// for each such figure.
    public static func write(_ evaluation: Evaluation) -> (analyses: [Analysis], problems: [Diagnostic]) {
        let figures = evaluation.outputs.compactMap { output -> (FigureAnalysis, Evaluation.Output)? in
            guard case .figure(let figure) = evaluation.analyses[output.analysis] else { return nil }
            return (figure, output)
        }
        let failures = write(figures)
        let failed = Set(failures.map(\.analysis))
        let kept = evaluation.analyses.enumerated().filter { !failed.contains($0.offset) }.map(\.element)
        return (kept, failures.map(\.problem))
    }

    /// Writes each figure to its file; returns those that could not be written (by their
    /// output's `analysis`), each with a diagnostic at its `to "…"`.
    public static func write(
        _ figures: [(figure: FigureAnalysis, output: Evaluation.Output)]
    ) -> [(analysis: Int, problem: Diagnostic)] {
        var failures: [(analysis: Int, problem: Diagnostic)] = []
        for (figure, output) in figures {
            do throws(AtomicFile.Failure) {
                guard let format = FigureFormats.format(forPath: output.path) else {
                    throw AtomicFile.Failure(reason: FigureFormats.expectation, help: nil)
                }
                try AtomicFile.write(format.render(figure), to: output.path)
            } catch {
                failures.append(
                    (
                        output.analysis,
                        .error(
                            .outputFailed, "cannot write \(output.path): \(error.reason)", at: output.span,
                            help: error.help)
                    ))
            }
        }
        return failures
    }
}
