import ArgumentParser
import ForestRender

/// `check --format`: diagnostics for people or for tools.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// `run --format`: one of the report formats ForestRender registers.
struct OutputFormat: ExpressibleByArgument, Equatable {
    var format: ReportFormat

    init?(argument: String) {
        guard let format = ReportFormats.named(argument) else { return nil }
        self.format = format
    }

    static var allValueStrings: [String] { ReportFormats.all.map(\.name) }
    var defaultValueDescription: String { format.name }

    static func == (left: OutputFormat, right: OutputFormat) -> Bool { left.format.name == right.format.name }
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

/// How results are shown on a terminal, as plain values: what `DisplayOptions` parsed, or
/// what `QuickRun` read from a plain command line. The options' defaults are these.
struct Display: Equatable {
    var ascii = false
    var noPlot = false
    var style = TextStyleChoice.forest
    var color = ColorChoice.auto

    var textStyle: TextStyle {
        TextStyle(unicode: !ascii && Terminal.supportsUnicode, plot: !noPlot, revman: style == .revman)
    }
    var colorInDiagnostics: Bool { Terminal.useColor(color, for: .standardError) }
}

/// How results are shown on a terminal: the options `run` and the REPL share.
struct DisplayOptions: ParsableArguments {
    @Flag(help: "Plain ASCII text: no Unicode symbols in tables and plots.")
    var ascii = Display().ascii

    @Flag(help: "Leave out the text forest plots.")
    var noPlot = Display().noPlot

    @Option(
        help: ArgumentHelp(
            "Text style: forest (RevMan's tables, with Q-profile and prediction-interval lines and notes) or revman (RevMan 5's lines only, analyses numbered as RevMan numbers them)."
        ))
    var style = Display().style

    @Option(help: "Colour in diagnostics: auto (only on a terminal, honouring NO_COLOR), always or never.")
    var color = Display().color

    var values: Display { Display(ascii: ascii, noPlot: noPlot, style: style, color: color) }
    var textStyle: TextStyle { values.textStyle }
    var colorInDiagnostics: Bool { values.colorInDiagnostics }
}
