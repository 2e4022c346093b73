import ArgumentParser
import ForestEval
import ForestFiles
import ForestREPL
import ForestRender
import ForestSyntax

/// `forest check FILE`: report the script's problems without printing results.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check a script and report its diagnostics only.")

    @Argument(help: "The script to check; `-` reads standard input.")
    var file: String

    @Option(help: "Diagnostics as text or as json (for editors and tools).")
    var format: DiagnosticFormat = .text

    @Option(help: "Colour: auto (only on a terminal, honouring NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Flag(help: "The syntax only: parse the script, without checking its data or analyses.")
    var syntaxOnly = false

    func run() throws {
        let source = try SourceLoader.load(file, useColor: Terminal.useColor(color, for: .standardError))
        var session = Session()
        session.checkOutput = OutputPath.check
        session.readTable = CSVTableFile.read
        session.keepsLog = false
        session.keepsReview = false
        let diagnostics: [Diagnostic]
        if syntaxOnly {
            diagnostics = Parser.parse(source) { _ in }
        } else {
            // Only the diagnostics matter: each analysis is dropped as soon as it is made.
            diagnostics =
                session.evaluate(source, parsingAhead: Session.worthParsingAhead(source)) {
                    ($0.analyses, $0.outputs) = ([], [])
                }
                .diagnostics
        }
        switch format {
        case .json:
            Terminal.write(
                DiagnosticJSON.document(diagnostics).serialized(indent: 2) + "\n", to: .standardOutput)
        case .text:
            let renderer = DiagnosticRenderer(useColor: Terminal.useColor(color, for: .standardError))
            if diagnostics.isEmpty {
                Terminal.write("\(source.name): no problems found\n", to: .standardError)
            } else {
                Terminal.write(
                    renderer.renderLimited(diagnostics) + "\n"
                        + DiagnosticRenderer.summary(diagnostics)
                        + "\n", to: .standardError)
            }
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}
