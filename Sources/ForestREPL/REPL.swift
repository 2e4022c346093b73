import ForestEval
import ForestRender
import ForestSyntax
import Foundation

/// The interactive loop: read a line, collect a complete statement, hand it to the session,
/// print what it produced. Errors never end it; a statement with an error changes nothing.
public final class REPL {
    public private(set) var session = Session()
    private let reader: LineReader
    private let output: (String) -> Void
    private let errors: (String) -> Void
    private let renderer: DiagnosticRenderer
    private let report: TextReport
    /// Lines of a statement still waiting for its closing `>`.
    private var pending = ""
    private var entries = 0
    /// Lines read so far, and the line the pending statement began on.
    private var linesRead = 0
    private var pendingFirstLine = 1
    /// Name entries `<stdin>` with their line numbers in the whole input (reading a pipe),
    /// rather than `<repl:N>` (typing at a terminal).
    private let continuousLines: Bool
    /// Whether any entry had an error (the exit status when reading a pipe).
    public private(set) var hadErrors = false

    public init(
        reader: LineReader, style: TextStyle = TextStyle(), useColor: Bool = false, continuousLines: Bool = false,
        output: @escaping (String) -> Void, errors: @escaping (String) -> Void
    ) {
        self.continuousLines = continuousLines
        self.reader = reader
        self.output = output
        self.errors = errors
        self.renderer = DiagnosticRenderer(useColor: useColor)
        self.report = TextReport(style: style)
    }

    /// Completions for the line being typed, after the unfinished statement's earlier lines.
    public func complete(_ beforeCursor: String) -> Completion {
        Completer(session: session).complete(pending + beforeCursor)
    }

    /// Runs until the end of input or `:quit`.
    public func run() {
        defer { reader.close() }
        while true {
            switch reader.readLine(continuation: !pending.isEmpty) {
            case .endOfInput:
                if !pending.isEmpty { evaluate(pending) }
                return
            case .cancelled:
                pending = ""
            case .line(let line):
                if !handle(line) { return }
            }
        }
    }

    /// Takes one line; false when the user asked to quit.
    @discardableResult
    public func handle(_ line: String) -> Bool {
        linesRead += 1
        if pending.isEmpty { pendingFirstLine = linesRead }
        if pending.isEmpty && line.drop(while: \.isWhitespace).hasPrefix(":") {
            reader.remember(line)
            return command(line)
        }
        pending += line + "\n"
        if REPL.isIncomplete(pending) { return true }
        // A statement typed over several lines is remembered as one line (newlines inside
        // `< … >` are only white space).
        reader.remember(
            pending.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))
        let entry = pending
        pending = ""
        evaluate(entry)
        return true
    }

    /// The input ends inside a study's `< … >`: wait for more lines.
    public static func isIncomplete(_ text: String) -> Bool {
        Parser.parse(SourceFile(name: "", text: text)).diagnostics.contains { $0.id == .unexpectedEndOfInput }
    }

    private func evaluate(_ text: String) {
        entries += 1
        evaluate(
            continuousLines
                ? SourceFile(name: "<stdin>", text: text, firstLine: pendingFirstLine)
                : SourceFile(name: "<repl:\(entries)>", text: text))
    }

    private func evaluate(_ source: SourceFile) {
        let evaluation = session.evaluate(source)
        let diagnostics = evaluation.diagnostics + FigureFiles.write(evaluation.analyses)
        if !diagnostics.isEmpty { errors(renderer.render(diagnostics)) }
        if diagnostics.contains(where: { $0.severity == .error }) { hadErrors = true }
        // A blank line after each entry's results, as between the blocks of a script's output.
        if !evaluation.analyses.isEmpty { output(report.render(evaluation.analyses) + "\n") }
    }

    private func command(_ line: String) -> Bool {
        switch REPLCommand.run(line, session: session) {
        case .text(let text):
            output(text + "\n")
        case .error(let message):
            hadErrors = true
            errors("error: \(message)\n")
        case .evaluate(let source):
            evaluate(source)
        case .reset:
            session.reset()
            output("Session cleared.\n")
        case .quit:
            return false
        }
        return true
    }
}

/// Where the REPL keeps its history: $XDG_STATE_HOME/forest/history, by default
/// ~/.local/state/forest/history (the XDG Base Directory specification).
public enum HistoryLocation {
    public static func file(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let base: String
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.local/state"
        } else {
            return nil
        }
        let directory = base + "/forest"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/history"
    }
}
