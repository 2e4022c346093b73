import ForestEval
import ForestSyntax

/// Choices for text output: Unicode or plain ASCII, and whether to append a terminal plot.
public struct TextStyle: Sendable, Hashable {
    public var unicode: Bool
    public var plot: Bool
    public var width: Int
    /// Strict RevMan 5 text (`--style revman`): RevMan's lines and formats only — analyses and
    /// subgroups numbered as RevMan numbers them, no Q-profile or prediction-interval lines or
    /// notes, τ² with two decimals, RevMan's test for subgroup differences.
    public var revman: Bool

    public init(unicode: Bool = true, plot: Bool = true, width: Int = 100, revman: Bool = false) {
        self.unicode = unicode
        self.plot = plot
        self.width = width
        self.revman = revman
    }

    var tau2: String { unicode ? "Tau²" : "Tau^2" }
    var chi2: String { unicode ? "Chi²" : "Chi^2" }
    var i2: String { unicode ? "I²" : "I^2" }
    var h2: String { unicode ? "H²" : "H^2" }
}

/// Text output of a run: one block per analysis, separated by blank lines.
public struct TextReport: Sendable {
    public var style: TextStyle

    public init(style: TextStyle = TextStyle()) {
        self.style = style
    }

    /// Control characters (in labels, titles, …) are shown escaped, never sent to the terminal;
    /// in the ASCII style everything is ASCII (`ASCIIText`).
    public func render(_ analyses: [Analysis]) -> String {
        var numbering = RevManNumbering()
        return render(analyses, numbering: &numbering)
    }

    /// Analyses numbered on from `numbering` (the REPL's entries continue one another's numbers).
    public func render(_ analyses: [Analysis], numbering: inout RevManNumbering) -> String {
        shown(analyses.map { render($0, number: numbering.next(for: $0)) }.joined(separator: "\n"))
    }

    /// Text as this style shows it: control characters escaped; ASCII only when not Unicode.
    func shown(_ text: String) -> String {
        let visible = VisibleText.escaped(text, keepingNewlines: true)
        return style.unicode ? visible : ASCIIText.fold(visible)
    }

    /// A run's output under the review's title, when it has one.
    public func render(_ analyses: [Analysis], title: String?) -> String {
        titleBlock(title, analyses: analyses.count) + render(analyses)
    }

    /// The title and its rule, above a run's output when it has a title and analyses.
    func titleBlock(_ title: String?, analyses: Int) -> String {
        guard let title, analyses > 0 else { return "" }
        let shown = style.unicode ? VisibleText.escaped(title) : ASCIIText.fold(VisibleText.escaped(title))
        return shown + "\n" + String(repeating: style.unicode ? "═" : "=", count: VisibleText.displayWidth(shown))
            + "\n\n"
    }

    /// `render(_:title:)` one analysis at a time.
    struct Writer: ReportWriter {
        let report: TextReport
        var count = 0
        var numbering = RevManNumbering()

        init(style: TextStyle) {
            report = TextReport(style: style)
        }

        func prologue(title: String?, analyses: Int) -> [UInt8] {
            Array(report.titleBlock(title, analyses: analyses).utf8)
        }

        mutating func add(_ analysis: Analysis, to sink: ([UInt8]) -> Void) {
            let text = report.shown(report.render(analysis, number: numbering.next(for: analysis)))
            sink(Array(((count > 0 ? "\n" : "") + text).utf8))
            count += 1
        }

        func finish(to sink: ([UInt8]) -> Void) {}
    }

    /// One analysis; `number`: its RevMan number (`Analysis 1.number`), in the RevMan style.
    public func render(_ analysis: Analysis, number: Int? = nil) -> String {
        switch analysis {
        case .pool(let pool): PoolText(style: style, number: number).render(pool)
        case .subgroup(let subgroup): SubgroupText(style: style, number: number).render(subgroup)
        case .sequence(let sequence):
            SequenceText(style: style).render(sequence)
                + (sequence.file.map { "\n" + sequencePlotLine(sequence, $0) } ?? "")
        case .exclusion(let exclusion): SequenceText(style: style).render(exclusion)
        case .bias(let bias): BiasText(style: style).render(bias)
        case .influence(let i): InfluenceText(style: style).render(i)
        case .metaRegression(let m):
            MetaRegressionText(style: style).render(m)
                + (m.file.map { "\nBubble plot of \(m.outcome.title) on \(m.moderators[0].name) written to \($0)\n" }
                    ?? "")
        case .figure(let figure): figureText(figure)
        case .table(let table): CharacteristicsText.text(table)
        case .prisma(let flow): "PRISMA flow diagram written to \(flow.file ?? "")\n"
        case .rob(let rob): "Risk of bias \(rob.kind.rawValue) written to \(rob.file)\n"
        case .report(let report): "Report written to \(report.file)\n"
        }
    }

    /// Where the forest plot of a leave-one-out or cumulative analysis went.
    private func sequencePlotLine(_ sequence: SequenceAnalysis, _ file: String) -> String {
        let kind = if case .cumulative = sequence.kind { "cumulative" } else { "leave-one-out" }
        return "Forest plot of the \(kind) analysis of \(sequence.full.outcome.title) written to \(file)\n"
    }

    /// A figure: drawn here when it has no file, otherwise a line saying where it went (the
    /// shell writes the file).
    private func figureText(_ figure: FigureAnalysis) -> String {
        let name = figure.kind.title
        if let file = figure.file {
            return "\(name) of \(figure.pool.outcome.title) written to \(file)\n"
        }
        var plotStyle = style
        if case .text(plainCharacters: true) = figure.destination { plotStyle.unicode = false }
        let header = RevManLabels.header(figure.pool, suffix: "")
        switch figure.content {
        case .pool(let pool):
            let lines =
                TerminalForestPlot(style: plotStyle).render(pool, prediction: figure.showPrediction) ?? [
                    "(nothing to draw)"
                ]
            return ([header, ""] + lines).joined(separator: "\n") + "\n"
        case .subgroup(let subgroup):
            let lines =
                TerminalForestPlot(style: plotStyle).render(subgroup, prediction: figure.showPrediction) ?? [
                    "(nothing to draw)"
                ]
            return ([header + ", subgroups by \(subgroup.attribute)", ""] + lines).joined(separator: "\n") + "\n"
        }
    }
}
