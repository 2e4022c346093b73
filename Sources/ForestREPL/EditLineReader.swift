import CLibEdit
import ForestSyntax
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Line editing with libedit: emacs key bindings, history (Up/Down, Ctrl-R incremental search)
/// kept in a file across sessions, Tab completion, and Ctrl-C to drop the line being typed.
/// `~/.editrc` is read, so users can rebind keys as in other editline programs.
///
/// libedit reads wide characters (`el_wgets`) under the user's locale, falling back to
/// C.UTF-8 when that locale is not UTF-8, so that `Müller` or `李` arrive as typed (in the
/// C locale libedit drops every byte above 0x7F).
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: HistoryFile?
    private let complete: (String) -> Completion
    private var prompt: UnsafeMutablePointer<CChar>
    fileprivate var cancelled = false
    private var closed = false

    public static let prompt = "forest> "
    public static let continuationPrompt = "   ...> "

    /// - Parameters:
    ///   - historyFile: where history is loaded from and added to (nil: no persistence).
    ///   - historySize: the most entries kept.
    ///   - warn: prints a one-line warning (an unwritable history file).
    ///   - complete: completions for the text before the cursor.
    public init(
        historyFile: String?, historySize: Int32 = 1000, warn: @escaping (String) -> Void = { _ in },
        complete: @escaping (String) -> Completion
    ) {
        EditLineReader.useUTF8Locale()
        editLine = el_init("forest", fdopen(0, "r"), fdopen(1, "w"), fdopen(2, "w"))
        history = history_init()
        self.historyFile = historyFile.map { HistoryFile(path: $0, size: historySize, warn: warn) }
        self.complete = complete
        prompt = strdup(EditLineReader.prompt)
        forest_history_setsize(history, historySize)
        forest_history_setunique(history, 1)
        self.historyFile?.load(into: history)
        forest_el_set_editor(editLine, "emacs")
        forest_el_set_signal(editLine, 1)
        forest_el_set_history(editLine, history)
        forest_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        forest_el_set_prompt(editLine, promptCallback)
        forest_el_add_function(
            editLine, "forest-complete", "Complete a keyword, outcome, option or label", completeCallback)
        forest_el_bind(editLine, "^I", "forest-complete")
        // Ctrl-C is a key while editing (not SIGINT), bound to dropping the line.
        forest_el_setty_edit(editLine, "-isig")
        forest_el_add_function(editLine, "forest-cancel", "Drop the line being typed", cancelCallback)
        forest_el_bind(editLine, "^C", "forest-cancel")
        forest_el_source(editLine, nil)
    }

    /// Sets LC_CTYPE from the environment, or to C.UTF-8 when that is not a UTF-8 locale.
    /// Only the character type: numbers are still formatted the C way.
    static func useUTF8Locale() {
        if setlocale(LC_CTYPE, "") != nil, isUTF8(String(cString: nl_langinfo(nl_item(CODESET)))) { return }
        if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "C.utf8") }
    }

    private static func isUTF8(_ codeset: String) -> Bool {
        let name = codeset.lowercased().replacingOccurrences(of: "-", with: "")
        return name == "utf8"
    }

    public func readLine(continuation: Bool) -> LineInput {
        free(prompt)
        prompt = strdup(continuation ? EditLineReader.continuationPrompt : EditLineReader.prompt)
        var count: Int32 = 0
        let text = el_wgets(editLine, &count)
        if cancelled {
            cancelled = false
            return .cancelled
        }
        // NULL is the end of input (Ctrl-D on an empty line); a line may be empty.
        guard let text, count >= 0 else { return .endOfInput }
        var line = EditLineReader.string(text, count: Int(count))
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        return .line(line)
    }

    /// A wide-character buffer as a String (wchar_t holds a Unicode scalar on Linux).
    static func string(_ characters: UnsafePointer<wchar_t>, count: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for index in 0..<count {
            if let scalar = Unicode.Scalar(UInt32(bitPattern: Int32(characters[index]))) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    public func remember(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace) else { return }
        forest_history_enter(history, entry)
        historyFile?.append(entry)
    }

    /// Saves what is left of history and restores the terminal; safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        el_end(editLine)
        history_end(history)
        free(prompt)
    }

    fileprivate var currentPrompt: UnsafeMutablePointer<CChar> { prompt }

    /// Tab: insert the common prefix of the completions; list them when that adds nothing.
    fileprivate func completeAtCursor() -> UInt8 {
        guard let info = el_wline(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let before = EditLineReader.string(buffer, count: cursor - buffer)
        let completion = complete(before)
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let common = Completion.commonPrefix(completion.candidates)
        if common.count > completion.partial.count {
            var insertion = String(common.dropFirst(completion.partial.count))
            if completion.candidates.count == 1 && completion.appendSpace { insertion += " " }
            insert(insertion)
            return UInt8(CC_REFRESH)
        }
        if completion.candidates.count == 1 {
            if completion.appendSpace { insert(" ") }
            return UInt8(CC_REFRESH)
        }
        // Candidates may be study labels: never send their control characters to the terminal.
        let shown = completion.candidates.map { VisibleText.escaped($0) }
        writeToTerminal("\n" + Completion.columns(shown, width: 80) + "\n")
        return UInt8(CC_REDISPLAY)
    }

    private func insert(_ text: String) {
        var wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        el_winsertstr(editLine, wide)
    }
}

private func reader(_ editLine: OpaquePointer?) -> EditLineReader? {
    guard let editLine, let raw = forest_el_get_clientdata(editLine) else { return nil }
    return Unmanaged<EditLineReader>.fromOpaque(raw).takeUnretainedValue()
}

private let promptCallback: forest_el_prompt = { editLine in
    reader(editLine)?.currentPrompt
}

private let completeCallback: forest_el_command = { editLine, _ in
    reader(editLine)?.completeAtCursor() ?? UInt8(CC_ERROR)
}

private let cancelCallback: forest_el_command = { editLine, _ in
    reader(editLine)?.cancelled = true
    writeToTerminal("^C\n")
    return UInt8(CC_NEWLINE)
}

/// Writes to the terminal while a line is edited; a failure (the terminal is gone) is ignored
/// here: reading the next line then ends the session. (FileHandle.write would trap.)
private func writeToTerminal(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + offset, bytes.count - offset) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        offset += n
    }
}
