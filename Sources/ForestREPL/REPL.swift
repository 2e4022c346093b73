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
    /// RevMan's analysis numbers across the session's entries (`--style revman`).
    private var numbering = RevManNumbering()
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
    /// The session before each entry that changed it, and what the entry was (for `:undo`).
    private var undoStack: [(session: Session, what: String)] = []

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
        session.readTable = CSVTableFile.read
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
                // At a terminal, Ctrl-D on a continuation line drops the unfinished statement;
                // the end of a pipe still runs it (to report what is wrong with it).
                if !pending.isEmpty && !continuousLines {
                    pending = ""
                    openBrackets = 0
                    output("(unfinished statement dropped; Ctrl-D again quits)\n")
                    continue
                }
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
        let (depth, nested) = REPL.bracketDepth(after: line, from: openBrackets)
        openBrackets = depth
        // Only once the brackets close is the statement parsed to see whether it is complete.
        // Brackets never nest: a `<` inside an open one is an error the parser reports now.
        if (openBrackets == 1 && !nested) || ((openBrackets > 1 || nested) && REPL.isIncomplete(pending))
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

    /// The depth of angle brackets after `line`, starting at `depth`, and whether a `<` opened
    /// inside an open one (by its tokens: a `<` inside a string or a comment does not count;
    /// strings and comments end at the line's end).
    static func bracketDepth(after line: String, from depth: Int) -> (depth: Int, nested: Bool) {
        guard line.contains("<") || line.contains(">") else { return (depth, false) }
        var depth = depth, nested = false
        for token in Lexer.tokenize(SourceFile(name: "", text: line)).tokens {
            if token.kind == .lessThan {
                if depth >= 1 { nested = true }
                depth += 1
            } else if token.kind == .greaterThan {
                depth -= 1
            }
        }
        return (depth, nested)
    }

    private func evaluate(_ text: String) {
        entries += 1
        evaluate(
            continuousLines
                ? SourceFile(name: "<stdin>", text: text, firstLine: pendingFirstLine)
                : SourceFile(name: "<repl:\(entries)>", text: text))
    }

    private func evaluate(_ source: SourceFile) {
        let before = session
        show(session.evaluate(source))
        remember(before, what: source.text)
    }

    /// Keeps `before` for `:undo` if the session changed since.
    private func remember(_ before: Session, what: String) {
        guard session.log.count != before.log.count || session.title != before.title else { return }
        undoStack.append((before, what))
    }

    /// Loads a script file at the start (`forest repl FILE`, `forest -i FILE`), all or nothing
    /// as `:load`.
    public func load(path: String) {
        _ = command(":load \(path)")
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
        undoStack.append((session, ":load \(source.name)"))
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
        if !analyses.isEmpty { output(report.render(analyses, numbering: &numbering) + "\n") }
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
            undoStack.append((session, ":reset"))
            session.reset()
            output("Session cleared.\n")
        case .undo:
            guard let (before, what) = undoStack.popLast() else {
                errors("error: nothing to undo\n")
                return true
            }
            session = before
            output("Took back: \(VisibleText.escaped(what.trimmingCharacters(in: .whitespacesAndNewlines)))\n")
        case .drop(let label):
            drop(label)
        case .quit:
            return false
        }
        return true
    }
}

extension REPL {
    /// `:drop "LABEL"`: the session without the study, rebuilt by running what came after it
    /// again (quietly: no figure is written); says which results it changed and which
    /// statements no longer run.
    fileprivate func drop(_ label: String) {
        let outcomes = Set(session.study(labelled: label)?.outcomes.map(\.name) ?? [])
        let kept = session.log.filter { if case .study(let s) = $0 { s.label.value != label } else { true } }
        var rebuilt = session
        rebuilt.reset()
        rebuilt.checkOutput = { _ in nil }
        _ = rebuilt.evaluate(Script(statements: kept))
        let changed = kept.filter { statement in
            switch statement {
            case .pool(let s): outcomes.contains(s.outcome.value)
            case .sensitivity(let s): outcomes.contains(s.outcome.value)
            case .cumulative(let s): outcomes.contains(s.outcome.value)
            case .bias(let s): outcomes.contains(s.outcome.value)
            case .figure(let s): outcomes.contains(s.outcome.value)
            default: false
            }
        }
        let lost = kept.filter { statement in !rebuilt.log.contains(statement) }
        rebuilt.checkOutput = session.checkOutput
        undoStack.append((session, ":drop \"\(label)\""))
        session = rebuilt
        var text = "Dropped \"\(VisibleText.escaped(label))\"."
        let still = changed.filter { !lost.contains($0) }
        if !still.isEmpty {
            text +=
                " Results that included it (run them again to see the new numbers):\n"
                + still.map { "  " + VisibleText.escaped(ScriptWriter.text($0)) }.joined(separator: "\n")
        }
        if !lost.isEmpty {
            text +=
                "\nNo longer valid without it (taken out of the session):\n"
                + lost.map { "  " + VisibleText.escaped(ScriptWriter.text($0)) }.joined(separator: "\n")
        }
        output(text + "\n")
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
