/// What reading a line gave.
public enum LineInput: Sendable, Equatable {
    case line(String)
    /// Ctrl-C: drop the line being typed (and any unfinished statement).
    case cancelled
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// Where the REPL's lines come from: libedit on a terminal, plain lines from a pipe or a test.
public protocol LineReader: AnyObject {
    /// The next line, without its line break. `continuation` asks for the prompt of a
    /// statement's later lines.
    func readLine(continuation: Bool) -> LineInput
    /// Remembers a complete entry for Up/Down and Ctrl-R.
    func remember(_ entry: String)
    /// Saves history and restores the terminal.
    func close()
}

/// Plain line reading with no prompt, no editing and no escape codes — for pipes
/// (`forest < review.forest`) and tests.
public final class PlainLineReader: LineReader {
    private var next: () -> String?

    /// Reads standard input.
    public init() {
        next = { Swift.readLine(strippingNewline: true) }
    }

    /// Reads the given lines, then reports the end of input.
    public init(lines: [String]) {
        var remaining = lines[...]
        next = { remaining.popFirst() }
    }

    public func readLine(continuation: Bool) -> LineInput {
        next().map { .line($0) } ?? .endOfInput
    }

    public func remember(_ entry: String) {}
    public func close() {}
}
