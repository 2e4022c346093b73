import ForestStats
import ForestSyntax

extension Session {
    /// A forest plot's style options, each checked at its value: a plot drawn to a file only,
    /// axis limits around the line of no effect (positive for ratios), ticks inside them,
    /// whole decimals and sizes in range, colours a renderer knows.
    func figureStyle(
        _ options: ResolvedOptions, hasFile: Bool, scale: NaturalScale
    ) throws(DiagnosticList) -> FigureStyle {
        let logScale = scale.isLog
        let given = options.figure.filter { OptionName.style.contains($0.name.value) }
        var style = FigureStyle()
        guard !given.isEmpty else { return style }
        if !hasFile {
            throw DiagnosticList([
                .error(
                    .incompatibleOption, "`\(given[0].name.value.rawValue)` styles a plot drawn to a file",
                    at: given[0].span, help: "add `to \"FILE.svg\"` (or .png, .pdf)")
            ])
        }
        var problems: [Diagnostic] = []
        if scale != .identity && !logScale,
            let axisOption = given.first(where: { $0.name.value == .xlim || $0.name.value == .ticks })
        {
            // The axis of a logit, double-arcsine or Fisher's z analysis is drawn on that scale
            // with back-transformed labels; limits in proportions or correlations would need
            // transforming first, which Forest does not do yet.
            problems.append(
                .error(
                    .incompatibleOption,
                    "`\(axisOption.name.value.rawValue)` is not available for a back-transformed measure yet",
                    at: axisOption.span,
                    notes: ["the axis is drawn on the analysis scale (logit, double arcsine or Fisher's z)"],
                    help: "drop it, or pool untransformed (`measure PR` or `measure COR`)"))
        }
        for option in given {
            do throws(DiagnosticList) {
                try apply(option, to: &style, logScale: logScale)
            } catch {
                problems += error.diagnostics
            }
        }
        if let ticks = options.figureOption(.ticks), style.xlim == nil {
            problems.append(
                .error(
                    .incompatibleOption, "ticks need the axis limits they lie within", at: ticks.span,
                    help: "add `xlim LOWER UPPER`"))
        }
        if let ticks = style.ticks, let xlim = style.xlim,
            let outside = ticks.first(where: { $0 < xlim.lower || $0 > xlim.upper }),
            let option = options.figureOption(.ticks)
        {
            problems.append(
                .error(
                    .invalidOptionValue, "the tick at \(NumberText.plain(outside)) lies outside xlim",
                    at: option.valueSpan,
                    notes: ["the axis runs from \(NumberText.plain(xlim.lower)) to \(NumberText.plain(xlim.upper))"]))
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        return style
    }

    private func apply(_ option: AnalysisOption, to style: inout FigureStyle, logScale: Bool) throws(DiagnosticList) {
        switch (option.name.value, option.value) {
        case (.xlim, .numbers(let limits)?):
            style.xlim = try axisLimits(limits, logScale: logScale)
        case (.ticks, .numbers(let ticks)?):
            if logScale, let bad = ticks.first(where: { $0.value <= 0 }) {
                throw invalid("a tick of a ratio is positive, not \(bad.span.text)", at: bad.span)
            }
            style.ticks = ticks.map(\.value)
        case (.decimals, .number(let n)?):
            style.decimals = Int(try whole(n, in: 0...6, what: "decimals"))
        case (.fontsize, .number(let n)?):
            style.fontSize = try whole(n, in: 6...24, what: "a font size (points)")
        case (.width, .number(let n)?):
            style.width = try whole(n, in: 100...2000, what: "the plot's width (pixels)")
        case (.title, .string(let text)?):
            guard !text.value.allSatisfy(\.isWhitespace) else {
                throw DiagnosticList([.error(.emptyLabel, "the plot's title is empty", at: text.span)])
            }
            style.title = text.value
        case (.columns, .words(let words)?):
            style.columns = Set(words.compactMap { FigureStyle.Column(rawValue: $0.value) })
        case (.colours, .colours(let settings)?):
            for setting in settings {
                guard FigureStyle.isColour(setting.colour.value) else {
                    throw invalid(
                        "\(ScriptWriter.quote(setting.colour.value)) is not a colour", at: setting.colour.span,
                        help:
                            "write \"#rrggbb\", \"#rgb\" or a name such as \"black\", \"grey\", \"navy\", \"firebrick\""
                    )
                }
                switch setting.target.value {
                case .squares: style.squares = setting.colour.value
                case .diamonds: style.diamonds = setting.colour.value
                case .prediction: style.prediction = setting.colour.value
                }
            }
        default:
            break
        }
    }

    /// `xlim LOWER UPPER` as effects: increasing, positive for ratios, around the null.
    private func axisLimits(_ limits: [Located<Double>], logScale: Bool) throws(DiagnosticList) -> (Double, Double) {
        let (lower, upper) = (limits[0].value, limits[1].value)
        let span = limits[0].span.merged(with: limits[1].span)
        let null = logScale ? 1.0 : 0.0
        if logScale && lower <= 0 {
            throw invalid("the axis of a ratio starts above 0, not at \(limits[0].span.text)", at: limits[0].span)
        }
        guard lower < null && null < upper else {
            throw invalid(
                "the axis must hold the line of no effect (\(NumberText.plain(null))) between its limits",
                at: span, help: logScale ? "e.g. xlim 0.1 10" : "e.g. xlim -2 2")
        }
        return (lower, upper)
    }

    private func whole(
        _ n: Located<Double>, in range: ClosedRange<Double>, what: String
    ) throws(DiagnosticList) -> Double {
        guard n.value == n.value.rounded(), range.contains(n.value) else {
            throw invalid(
                "\(what): a whole number from \(NumberText.plain(range.lowerBound)) to \(NumberText.plain(range.upperBound)), not \(n.span.text)",
                at: n.span)
        }
        return n.value
    }

    private func invalid(_ message: String, at span: Span, help: String? = nil) -> DiagnosticList {
        DiagnosticList([.error(.invalidOptionValue, message, at: span, help: help)])
    }
}
