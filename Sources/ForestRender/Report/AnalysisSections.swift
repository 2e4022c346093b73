import ForestEval
import ForestStats

/// Each analysis of a report as a section: its results in words, its forest plot, its
/// RevMan-style table and the tests under it. A forest plot the script drew of the same
/// analysis (`forest PR rob to …`) is the one shown, with its options; other figures the script
/// drew (funnel plots, forest plots of other settings) are sections of their own.
struct AnalysisSections {
    typealias Section = ReportOutline.Section
    typealias Cell = ReportOutline.Cell

    var style: TextStyle

    func sections(_ analyses: [Analysis]) -> [Section] {
        var used: Set<String> = [
            "methods", "prisma", "characteristics", "risk-of-bias", "analyses", "summary-of-findings", "references",
        ]
        // Each analysis's own forest plot, if the script drew one.
        var drawn: Set<Int> = []
        var plotOf: [Int: Analysis] = [:]
        for (index, analysis) in analyses.enumerated() {
            let content: FigureAnalysis.Content
            switch analysis {
            case .pool(let pool): content = .pool(pool)
            case .subgroup(let s): content = .subgroup(s)
            default: continue
            }
            if let figure = figureIndex(of: content, in: analyses, excluding: drawn) {
                drawn.insert(figure)
                plotOf[index] = analyses[figure]
            }
        }
        var sections: [Section] = []
        for (index, analysis) in analyses.enumerated() {
            var section: Section
            switch analysis {
            case .pool(let pool):
                section = poolSection(pool, figure: plotOf[index])
            case .subgroup(let s):
                section = subgroupSection(s, figure: plotOf[index])
            case .sequence(let s):
                section = sequenceSection(s)
            case .exclusion(let e):
                let text = SequenceText(style: style)
                let (title, table, below) = text.parts(e)
                section = tableSection(text.heading(e.all, title: title), e.all, table, below)
                section.blocks.insert(contentsOf: ResultSentence.sentences(analysis).map { .sentence($0) }, at: 0)
            case .bias(let b):
                let lines = BiasText(style: style).render(b).split(separator: "\n", omittingEmptySubsequences: true)
                section = Section(
                    id: "", title: String(lines[0]), level: 3, blocks: [.lines(lines.dropFirst().map(String.init))])
            case .metaRegression(let m):
                section = metaRegressionSection(m)
            case .influence(let i):
                section = influenceSection(i)
            case .figure(let figure):
                if drawn.contains(index) { continue }
                let name = figure.kind.title
                let title = "\(name): \(RevManLabels.header(figure.pool, suffix: ""))"
                section = Section(
                    id: "", title: title, level: 3, blocks: [.figure(svg: FigureSVG.render(figure), caption: title)])
            case .rob, .prisma, .table, .report:
                continue
            }
            section.id = ReportOutline.anchor("analysis-" + outcomeName(analysis), unique: &used)
            sections.append(section)
        }
        return sections
    }

    /// A leave-one-out or cumulative analysis: its table, and its forest plot if one was drawn.
    private func sequenceSection(_ s: SequenceAnalysis) -> Section {
        let text = SequenceText(style: style)
        let (title, table, below) = text.parts(s)
        var section = tableSection(text.heading(s.full, title: title), s.full, table, below)
        if s.file != nil {
            let caption = "Forest plot: \(text.heading(s.full, title: title))"
            section.blocks.append(.figure(svg: SequencePlotSVG().render(s), caption: caption))
        }
        return section
    }

    /// Influence diagnostics: the table, the rule, and the Baujat plot if one was drawn.
    private func influenceSection(_ i: InfluenceAnalysis) -> Section {
        let text = InfluenceText(style: style)
        let title = String(text.render(i).prefix { $0 != "\n" })
        var blocks: [ReportOutline.Block] = [
            .table(ReportOutline.table(text.table(i), head: [])), .lines(text.below(i)),
        ]
        if i.file != nil { blocks.append(.figure(svg: BaujatPlotSVG().render(i), caption: "Baujat plot: " + title)) }
        return Section(id: "", title: title, level: 3, blocks: blocks)
    }

    /// A meta-regression: its coefficients as a table, then its heterogeneity and tests.
    private func metaRegressionSection(_ m: MetaRegressionAnalysis) -> Section {
        let text = MetaRegressionText(style: style)
        let title = String(text.render(m).prefix { $0 != "\n" })
        var blocks: [ReportOutline.Block] = [
            .table(ReportOutline.table(text.coefficientTable(m), head: [])), .lines(text.below(m)),
        ]
        if m.file != nil { blocks.append(.figure(svg: BubblePlotSVG().render(m), caption: "Bubble plot: " + title)) }
        return Section(id: "", title: title, level: 3, blocks: blocks)
    }

    /// The outcome an analysis is of, for its anchor.
    private func outcomeName(_ analysis: Analysis) -> String {
        switch analysis {
        case .pool(let p): p.outcome.name
        case .subgroup(let s): s.outcome.name
        case .sequence(let s): s.outcome.name
        case .exclusion(let e): e.outcome.name
        case .bias(let b): b.outcome.name
        case .metaRegression(let m): m.outcome.name
        case .influence(let i): i.outcome.name
        case .figure(let f): f.pool.outcome.name
        default: "review"
        }
    }

    /// The first forest plot the script drew of exactly this analysis, not yet shown.
    private func figureIndex(
        of content: FigureAnalysis.Content, in analyses: [Analysis], excluding drawn: Set<Int>
    ) -> Int? {
        analyses.indices.first { index in
            guard !drawn.contains(index), case .figure(let figure) = analyses[index] else { return false }
            return figure.kind == .forest && figure.content == content
        }
    }

    private func forestPlot(
        _ content: FigureAnalysis.Content, figure: Analysis?, caption: String
    ) -> ReportOutline.Block {
        if case .figure(let drawn)? = figure {
            return .figure(svg: FigureSVG.render(drawn), caption: caption)
        }
        let plot = FigureAnalysis(kind: .forest, content: content, destination: .file(""))
        return .figure(svg: FigureSVG.render(plot), caption: caption)
    }

    private func poolSection(_ pool: PoolAnalysis, figure: Analysis?) -> Section {
        let text = PoolText(style: style)
        let title = RevManLabels.header(pool, suffix: "")
        var blocks: [ReportOutline.Block] = [.sentence(ResultSentence.sentence(pool))]
        if let settings = text.settingsLine(pool) { blocks.append(.paragraph(settings)) }
        blocks.append(forestPlot(.pool(pool), figure: figure, caption: "Forest plot: " + title))
        blocks.append(.table(ReportOutline.table(text.table(pool), head: [armHeading(pool)])))
        blocks.append(.lines(text.below(pool)))
        return Section(id: "", title: title, level: 3, blocks: blocks)
    }

    private func subgroupSection(_ s: SubgroupAnalysis, figure: Analysis?) -> Section {
        let text = PoolText(style: style)
        let title = RevManLabels.header(s.overall, suffix: ", subgroups by \(s.attribute)")
        var blocks: [ReportOutline.Block] = ResultSentence.sentences(.subgroup(s)).map { .sentence($0) }
        if let settings = text.settingsLine(s.overall) { blocks.append(.paragraph(settings)) }
        blocks.append(forestPlot(.subgroup(s), figure: figure, caption: "Forest plot: " + title))
        let subgroups = SubgroupText(style: style)
        blocks.append(.table(ReportOutline.table(subgroups.table(s), head: [armHeading(s.overall)])))
        blocks.append(.lines(subgroups.below(s)))
        return Section(id: "", title: title, level: 3, blocks: blocks)
    }

    private func tableSection(_ title: String, _ pool: PoolAnalysis, _ table: TextTable, _ below: [String]) -> Section {
        var blocks: [ReportOutline.Block] = []
        if let settings = PoolText(style: style).settingsLine(pool) { blocks.append(.paragraph(settings)) }
        blocks.append(.table(ReportOutline.table(table)))
        if !below.isEmpty { blocks.append(.lines(below)) }
        return Section(id: "", title: title, level: 3, blocks: blocks)
    }

    /// The heading row above the column titles: each arm's name over its data columns, the
    /// effect's name over the estimates (RevMan's layout).
    private func armHeading(_ pool: PoolAnalysis) -> [Cell] {
        let perArm = PoolText(style: style).dataColumnsPerArm(pool)
        var row = [Cell(text: "")]
        if perArm > 0 {
            row += [
                Cell(text: pool.outcome.experimentalArm, columns: perArm),
                Cell(text: pool.outcome.controlArm, columns: perArm),
            ]
        } else {
            row.append(Cell(text: "", columns: 2))
        }
        return row + [Cell(text: ""), Cell(text: RevManLabels.effectName(pool))]
    }
}
