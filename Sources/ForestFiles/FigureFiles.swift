import ForestEval
import ForestRender
import ForestSyntax
import Foundation

/// Writes the figures of a run to their files (relative paths are taken from the working
/// directory), each atomically, and reports a failure as a diagnostic at the `to "…"` option.
public enum FigureFiles {
    /// Writes every figure that has a file. Returns the analyses with each figure that could
    /// not be written left out (so that nothing reports it as written), and a diagnostic for
    /// each such figure.
    public static func write(_ analyses: [Analysis]) -> (analyses: [Analysis], problems: [Diagnostic]) {
        var problems: [Diagnostic] = []
        var kept: [Analysis] = []
        kept.reserveCapacity(analyses.count)
        for analysis in analyses {
            guard case .figure(let figure) = analysis, let file = figure.file else {
                kept.append(analysis)
                continue
            }
            do throws(AtomicFile.Failure) {
                try AtomicFile.write(FigureSVG.render(figure), to: file.value)
                kept.append(analysis)
            } catch {
                problems.append(
                    .error(
                        .outputFailed, "cannot write \(file.value): \(error.reason)", at: file.span, help: error.help))
            }
        }
        return (kept, problems)
    }
}
