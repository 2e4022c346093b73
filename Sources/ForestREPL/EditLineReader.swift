import CLibEdit
import Foundation

/// Line editing with libedit: emacs key bindings, history (Up/Down, Ctrl-R incremental search)
/// kept in a file across sessions, Tab completion, and Ctrl-C to drop the line being typed.
/// `~/.editrc` is read, so users can rebind keys as in other editline programs.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: String?
    private let complete: (String) -> Completion
    private var prompt: UnsafeMutablePointer<CChar>
    fileprivate var cancelled = false

    public static let prompt = "forest> "
    public static let continuationPrompt = "   ...> "

    /// - Parameters:
    ///   - historyFile: where history is loaded from and saved to (nil: no persistence).
    ///   - historySize: the most entries kept.
    ///   - complete: completions for the text before the cursor.
    public init(historyFile: String?, historySize: Int32 = 1000, complete: @escaping (String) -> Completion) {
        editLine = el_init("forest", fdopen(0, "r"), fdopen(1, "w"), fdopen(2, "w"))
        history = history_init()
        self.historyFile = historyFile
        self.complete = complete
        prompt = strdup(EditLineReader.prompt)
        forest_history_setsize(history, historySize)
        forest_history_setunique(history, 1)
        if let historyFile { forest_history_load(history, historyFile) }
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

    public func readLine(continuation: Bool) -> LineInput {
        free(prompt)
        prompt = strdup(continuation ? EditLineReader.continuationPrompt : EditLineReader.prompt)
        var count: Int32 = 0
        let text = el_gets(editLine, &count)
        if cancelled {
            cancelled = false
            return .cancelled
        }
        // NULL is the end of input (Ctrl-D on an empty line); a line may be empty.
        guard let text, count >= 0 else { return .endOfInput }
        var line = String(cString: text)
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        return .line(line)
    }

    public func remember(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace) else { return }
        forest_history_enter(history, entry)
        if let historyFile { forest_history_save(history, historyFile) }
    }

    public func close() {
        if let historyFile { forest_history_save(history, historyFile) }
        el_end(editLine)
        history_end(history)
        free(prompt)
    }

    fileprivate var currentPrompt: UnsafeMutablePointer<CChar> { prompt }

    /// Tab: insert the common prefix of the completions; list them when that adds nothing.
    fileprivate func completeAtCursor() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let before = String(decoding: UnsafeRawBufferPointer(start: buffer, count: cursor - buffer), as: UTF8.self)
        let completion = complete(before)
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let common = Completion.commonPrefix(completion.candidates)
        if common.count > completion.partial.count {
            var insertion = String(common.dropFirst(completion.partial.count))
            if completion.candidates.count == 1 && completion.appendSpace { insertion += " " }
            el_insertstr(editLine, insertion)
            return UInt8(CC_REFRESH)
        }
        if completion.candidates.count == 1 {
            if completion.appendSpace { el_insertstr(editLine, " ") }
            return UInt8(CC_REFRESH)
        }
        FileHandle.standardOutput.write(Data(("\n" + Completion.columns(completion.candidates, width: 80) + "\n").utf8))
        return UInt8(CC_REDISPLAY)
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
    FileHandle.standardOutput.write(Data("^C\n".utf8))
    return UInt8(CC_NEWLINE)
}
