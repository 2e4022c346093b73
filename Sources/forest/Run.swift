import ArgumentParser
import ForestRender

/// `forest run FILE`: evaluate a script and print its analyses.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a script and print its results.")

    @Argument(help: "The script to run; `-` reads standard input. Without one, the REPL starts.")
    var file: String?

    @Option(help: ArgumentHelp("Output format: \(ReportFormats.choices)."))
    var format = RunRequest().format

    @Flag(name: [.customShort("i"), .long], help: "Load the script into the REPL instead (forest -i FILE).")
    var interactive = RunRequest().interactive

    @Flag(help: "JSON without each analysis's per-study rows (for very many studies).")
    var noStudies = RunRequest().noStudies

    @OptionGroup var display: DisplayOptions

    /// The options as plain values, which `QuickRun` also makes from a plain command line.
    var request: RunRequest {
        RunRequest(file: file, format: format, interactive: interactive, noStudies: noStudies, display: display.values)
    }

    func validate() throws { try request.validate() }

    func run() throws { try request.perform() }
}
