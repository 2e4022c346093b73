import ForestEval

/// The SVG of a figure analysis.
public enum FigureSVG {
    public static func render(_ figure: FigureAnalysis) -> String {
        switch figure.kind {
        case .forest: ForestPlotSVG().render(figure)
        case .funnel: FunnelPlotSVG().render(figure)
        case .labbe: LabbePlotSVG().render(figure)
        case .galbraith: GalbraithPlotSVG().render(figure)
        }
    }
}
