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
        let failures = write(evaluation.outputs.map { (evaluation.analyses[$0.analysis], $0) })
        let failed = Set(failures.map(\.analysis))
        let kept = evaluation.analyses.enumerated().filter { !failed.contains($0.offset) }.map(\.element)
        return (kept, failures.map(\.problem))
    }

    /// Writes each figure or table to its file; returns those that could not be written (by
    /// their output's `analysis`), each with a diagnostic at its `to "…"`.
    public static func write(
        _ files: [(analysis: Analysis, output: Evaluation.Output)]
    ) -> [(analysis: Int, problem: Diagnostic)] {
        var failures: [(analysis: Int, problem: Diagnostic)] = []
        for (analysis, output) in files {
            do throws(AtomicFile.Failure) {
                try AtomicFile.write(try content(analysis, path: output.path), to: output.path, durable: true)
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

    /// The file's bytes in the format its extension names.
    private static func content(_ analysis: Analysis, path: String) throws(AtomicFile.Failure) -> [UInt8] {
        switch analysis {
        case .table(let table):
            guard let format = TableFormats.format(forPath: path) else {
                throw AtomicFile.Failure(reason: TableFormats.expectation, help: nil)
            }
            return Array(format.render(table).utf8)
        case .rob(let rob):
            return try figure(RobSVG.render(rob), path: path)
        case .prisma(let flow):
            return try figure(PrismaSVG.render(flow), path: path)
        case .figure(let figure):
            return try self.figure(FigureSVG.render(figure), path: path)
        case .sequence(let sequence):
            return try figure(SequencePlotSVG().render(sequence), path: path)
        case .influence(let influence):
            return try figure(BaujatPlotSVG().render(influence), path: path)
        case .metaRegression(let regression):
            return try figure(BubblePlotSVG().render(regression), path: path)
        case .report(let report):
            guard let format = ReportDocuments.format(forPath: path) else {
                throw AtomicFile.Failure(reason: ReportDocuments.expectation, help: nil)
            }
            return Array(format.render(report).utf8)
        default:
            throw AtomicFile.Failure(reason: "this result is not written to a file", help: nil)
        }
    }

    /// A figure's SVG as the file's format asks: itself, PNG or PDF.
    static func figure(_ svg: String, path: String) throws(AtomicFile.Failure) -> [UInt8] {
        switch FigureFormats.format(forPath: path)?.encoding {
        case .svg?: return Array(svg.utf8)
        case .png?: return try RasterFigure.render(svg, as: .png)
        case .pdf?: return try RasterFigure.render(svg, as: .pdf)
        case nil: throw AtomicFile.Failure(reason: FigureFormats.expectation, help: nil)
        }
    }
}
