#if canImport(Glibc)
    import Glibc
#endif

/// The temporary file being written, removed if SIGINT, SIGTERM or SIGHUP ends the process
/// meanwhile.
///
/// The handlers are installed only while a file is being written and the previous ones are
/// restored afterwards, so they never meet libedit's (which are active only while a line is
/// read). A signal that is ignored stays ignored, and SIGINT is left alone when someone already
/// handles it (the REPL, which turns Ctrl-C while it works into a cancellation and finishes
/// the write). The handler runs only
/// async-signal-safe code: `unlink` of a path kept as a C string, then the signal's default
/// action, so that the exit status still says which signal ended the process.
enum TemporaryFiles {
    nonisolated(unsafe) private static var current: UnsafeMutablePointer<CChar>? = nil
    nonisolated(unsafe) private static var previous: [(Int32, sigaction)] = []

    static func register(_ path: String) {
        current = strdup(path)
        previous = []
        for number in [SIGINT, SIGTERM, SIGHUP] {
            var old = sigaction()
            sigaction(number, nil, &old)
            // SIG_DFL is a null handler. A signal someone ignores (nohup's SIGHUP) stays ignored;
            // SIGINT with any handler is someone else's (the REPL's).
            let handler = old.__sigaction_handler.sa_handler
            let ignored = handler.map { unsafeBitCast($0, to: Int.self) == 1 } ?? false
            if ignored || (number == SIGINT && handler != nil) { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in TemporaryFiles.terminate(number) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(number, &action, nil)
            previous.append((number, old))
        }
    }

    static func unregister() {
        for (number, var old) in previous { sigaction(number, &old, nil) }
        previous = []
        let path = current
        current = nil
        free(path)
    }

    private static func terminate(_ number: Int32) {
        if let path = current { unlink(path) }
        signal(number, SIG_DFL)
        raise(number)
    }
}
