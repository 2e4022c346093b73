import ForestEval
import ForestFiles
import ForestRender
import ForestStats
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
    /// The depth of `<` brackets still open in the pending statement, counted line by line so
    /// that a statement typed over many lines is not re-parsed on each of them.
    private var openBrackets = 0
    /// Whether Ctrl-C while a statement runs stops that statement (at a terminal).
    public var interruptible = false

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
        session.checkOutput = OutputPath.check
        session.isInterrupted = { Interruption.requested }
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
                openBrackets = 0
            case .line(let line):
                // Everything a line leads to (evaluation, figures, :save, history) runs with
                // Ctrl-C turned into a cancellation, so the session is never lost to it.
                if !interruptibly({ handle(line) }) { return }
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
        openBrackets += REPL.bracketBalance(line)
        // Only once the brackets close is the statement parsed to see whether it is complete.
        // Brackets never nest: with more than one open, the parser reports the error now.
        if openBrackets == 1 || (openBrackets > 1 && REPL.isIncomplete(pending))
            || (openBrackets <= 0 && REPL.isIncomplete(pending))
        {
            return true
        }
        openBrackets = 0
        // A statement typed over several lines is remembered as one line (newlines inside
        // `< … >` are only white space).
        reader.remember(
            pending.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))
        let entry = pending
        pending = ""
        evaluate(entry)
        return true
    }

    /// The input ends inside a study's `< … >`, or before it: wait for more lines.
    public static func isIncomplete(_ text: String) -> Bool {
        Parser.parse(SourceFile(name: "", text: text)).diagnostics.contains { $0.id == .unexpectedEndOfInput }
            || Parser.expectation(at: text) == .studyData
    }

    /// Opening minus closing angle brackets on one line, by its tokens (a `<` inside a string or
    /// a comment does not count; strings and comments end at the line's end).
    static func bracketBalance(_ line: String) -> Int {
        guard line.contains("<") || line.contains(">") else { return 0 }
        var balance = 0
        for token in Lexer.tokenize(SourceFile(name: "", text: line)).tokens {
            if token.kind == .lessThan { balance += 1 } else if token.kind == .greaterThan { balance -= 1 }
        }
        return balance
    }

    private func evaluate(_ text: String) {
        entries += 1
        evaluate(
            continuousLines
                ? SourceFile(name: "<stdin>", text: text, firstLine: pendingFirstLine)
                : SourceFile(name: "<repl:\(entries)>", text: text))
    }

    private func evaluate(_ source: SourceFile) {
        show(session.evaluate(source))
    }

    /// `:load`: the whole file or nothing. A file with an error changes nothing (as `forest run`
    /// refuses the whole script), so the session never holds half of it.
    private func load(_ source: SourceFile) {
        var trial = session
        let evaluation = trial.evaluate(source)
        if evaluation.hasErrors {
            hadErrors = true
            errors(
                renderer.renderLimited(evaluation.diagnostics) + "\n"
                    + "\(DiagnosticRenderer.summary(evaluation.diagnostics)) in \(VisibleText.escaped(source.name)); nothing from it was loaded\n"
            )
            return
        }
        session = trial
        show(evaluation)
    }

    /// Writes the entry's figures, then prints its diagnostics and results. A figure that could
    /// not be written is not reported as written.
    private func show(_ evaluation: Evaluation) {
        // Statements of an entry run one by one: those that succeeded are shown (and their
        // figures written) even when another statement of the entry failed.
        let (analyses, problems) = FigureFiles.write(evaluation)
        let diagnostics = evaluation.diagnostics + problems
        if !diagnostics.isEmpty { errors(renderer.renderLimited(diagnostics)) }
        if diagnostics.contains(where: { $0.severity == .error }) { hadErrors = true }
        // A blank line after each entry's results, as between the blocks of a script's output.
        if !analyses.isEmpty { output(report.render(analyses) + "\n") }
    }

    private func interruptibly<T>(_ body: () -> T) -> T {
        interruptible ? InterruptHandler.run(body) : body()
    }

    private func command(_ line: String) -> Bool {
        switch REPLCommand.run(line, session: session) {
        case .text(let text):
            output(VisibleText.escaped(text, keepingNewlines: true) + "\n")
        case .error(let message):
            hadErrors = true
            errors("error: \(VisibleText.escaped(message))\n")
        case .load(let source):
            load(source)
        case .diagnostic(let diagnostic):
            hadErrors = true
            errors(renderer.render(diagnostic))
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
