import CLibEdit
import ForestFiles
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The REPL's history file, shared by every REPL the user has open.
///
/// Each new entry is added to the file as it is entered: the file is read afresh, the entry
/// appended, and the result written to a temporary file that replaces the old one. So two
/// REPLs open at once keep each other's entries (rewriting the file from one session's memory
/// would drop the other's), a crash loses nothing already entered, and the file is never
/// half-written (a lock file beside it keeps two REPLs from replacing it at the same moment).
/// A file that cannot be written is one warning, once.
final class HistoryFile {
    let path: String
    let size: Int32
    private let warn: (String) -> Void
    private var warned = false

    init(path: String, size: Int32, warn: @escaping (String) -> Void) {
        self.path = path
        self.size = size
        self.warn = warn
    }

    func load(into history: OpaquePointer) {
        _ = forest_history_load(history, path)
    }

    func append(_ entry: String) {
        // One REPL at a time reads, extends and replaces the file (two entering at once would
        // otherwise each write the file without the other's entry).
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer {
            if lock >= 0 {
                flock(lock, LOCK_UN)
                close(lock)
            }
        }
        guard let merged = history_init() else { return }
        defer { history_end(merged) }
        forest_history_setsize(merged, size)
        forest_history_setunique(merged, 1)
        _ = forest_history_load(merged, path)
        forest_history_enter(merged, entry)
        let directory = (path as NSString).deletingLastPathComponent
        var template = Array("\(directory.isEmpty ? "." : directory)/.history.tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return failed(errno) }
        close(fd)
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if forest_history_save(merged, temporary) < 0 {
            let code = errno
            unlink(temporary)
            return failed(code)
        }
        // libedit can only save to a path: its file is then put in place as every file Forest
        // writes is (through a symbolic link, keeping the mode, never half-written).
        let bytes = ScriptFile.read(temporary)
        unlink(temporary)
        guard case .success(let data) = bytes else { return failed(EIO) }
        do throws(AtomicFile.Failure) {
            try AtomicFile.write(data, to: path, durable: false)
        } catch {
            return failed(reason: error.reason)
        }
    }

    private func failed(_ code: Int32) {
        failed(reason: SystemError.words(code))
    }

    private func failed(reason: String) {
        guard !warned else { return }
        warned = true
        warn("warning: cannot save history to \(path): \(reason); it is kept for this session only\n")
    }
}
