import ArgumentParser
import ForestRender

/// `check --format`: diagnostics for people or for tools.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// `run --format`: one of the report formats ForestRender registers.
struct OutputFormat: ExpressibleByArgument {
    var format: ReportFormat

    init?(argument: String) {
        guard let format = ReportFormats.named(argument) else { return nil }
        self.format = format
    }

    static var allValueStrings: [String] { ReportFormats.all.map(\.name) }
    var defaultValueDescription: String { format.name }
}

/// `--style`: Forest's text (RevMan's tables and more) or strictly RevMan 5's lines.
enum TextStyleChoice: String, ExpressibleByArgument, CaseIterable {
    case forest
    case revman
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto
    case always
    case never
}

/// How results are shown on a terminal: the options `run` and the REPL share.
struct DisplayOptions: ParsableArguments {
    @Flag(help: "Plain ASCII text: no Unicode symbols in tables and plots.")
    var ascii = false

    @Flag(help: "Leave out the text forest plots.")
    var noPlot = false

    @Option(
        help: ArgumentHelp(
            "Text style: forest (RevMan's tables, with Q-profile and prediction-interval lines and notes) or revman (RevMan 5's lines only, analyses numbered as RevMan numbers them)."
        ))
    var style: TextStyleChoice = .forest

    @Option(help: "Colour in diagnostics: auto (only on a terminal, honouring NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    var textStyle: TextStyle {
        TextStyle(unicode: !ascii && Terminal.supportsUnicode, plot: !noPlot, revman: style == .revman)
    }
    var colorInDiagnostics: Bool { Terminal.useColor(color, for: .standardError) }
}
