import ArgumentParser
import ForestFiles
import ForestRender
import ForestSyntax
import Foundation

/// `forest fmt FILE…`: scripts (and the ```forest blocks of Markdown files) in the one canonical
/// layout. A file that does not parse is reported and never rewritten.
struct Fmt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format scripts in the canonical layout, comments kept.",
        discussion: """
            Prints the formatted script; --write rewrites the files in place (each atomically, \
            only those that change); --check changes nothing and exits 1 with a diff when a file is \
            not formatted. A .md file has its ```forest blocks formatted. Formatting changes no \
            result, only where statements are.
            """)

    @Argument(help: "The scripts or Markdown files; `-` reads standard input.")
    var files: [String]

    @Flag(help: "Rewrite the files in place.")
    var write = false

    @Flag(help: "Exit 1 and print a diff when a file is not formatted; write nothing.")
    var check = false

    @OptionGroup var display: DisplayOptions

    func validate() throws {
        if write && check { throw ValidationError("give --write or --check, not both") }
        if !write && !check && files.count > 1 {
            throw ValidationError("several files are formatted with --write (in place) or --check")
        }
        if write && files.contains("-") { throw ValidationError("standard input cannot be rewritten in place") }
    }

    func run() throws {
        var failed = false, unformatted = false
        for path in files {
            let source = try SourceLoader.load(path, useColor: display.colorInDiagnostics)
            let result =
                path.hasSuffix(".md")
                ? ScriptFormatter.formatMarkdown(source.text, name: source.name) : ScriptFormatter.format(source)
            switch result {
            case .success(let formatted): try handle(path, source.text, formatted, unformatted: &unformatted)
            case .failure(let failure):
                report(path, failure)
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
        if check && unformatted { throw ExitCode(1) }
    }

    private func handle(_ path: String, _ text: String, _ formatted: String, unformatted: inout Bool) throws {
        if check {
            guard formatted != text else { return }
            unformatted = true
            Terminal.write(
                UnifiedDiff.text(from: text, to: formatted, oldName: path, newName: "\(path) (formatted)"),
                to: .standardOutput)
        } else if write {
            guard formatted != text else { return }
            do throws(AtomicFile.Failure) {
                try AtomicFile.write(formatted, to: path)
            } catch {
                Terminal.write("forest: cannot write \(path): \(error.reason)\n", to: .standardError)
                throw ExitCode(74)
            }
            Terminal.write("formatted \(path)\n", to: .standardError)
        } else {
            Terminal.write(formatted, to: .standardOutput)
        }
    }

    private func report(_ path: String, _ failure: ScriptFormatter.Failure) {
        let text = DiagnosticRenderer(useColor: display.colorInDiagnostics).render(failure.diagnostics)
        Terminal.write(
            text + "\n\(DiagnosticRenderer.summary(failure.diagnostics)); \(path) was not formatted\n",
            to: .standardError)
    }
}
