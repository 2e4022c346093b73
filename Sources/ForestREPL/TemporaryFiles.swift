#if canImport(Glibc)
    import Glibc
#endif

/// The temporary file being written, removed if SIGINT or SIGTERM ends the process meanwhile.
///
/// The handlers run only async-signal-safe code: `unlink` of a path kept as a C string, then
/// the signal's default action (so the exit status still says which signal ended the process).
/// Hooks let the REPL save its history on the same signals.
public enum TemporaryFiles {
    nonisolated(unsafe) private static var current: UnsafeMutablePointer<CChar>? = nil
    nonisolated(unsafe) private static var hooks: [() -> Void] = []
    nonisolated(unsafe) private static var installed = false

    /// Installs the SIGINT and SIGTERM handlers (once; the shell calls this at start).
    public static func installSignalHandlers() {
        guard !installed else { return }
        installed = true
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in TemporaryFiles.terminate(number) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }

    /// Something to do before the process ends on a signal (the REPL saves its history).
    public static func onTermination(_ hook: @escaping () -> Void) {
        hooks.append(hook)
    }

    static func register(_ path: String) {
        current = strdup(path)
    }

    static func unregister() {
        let path = current
        current = nil
        free(path)
    }

    private static func terminate(_ number: Int32) {
        if let path = current { unlink(path) }
        for hook in hooks { hook() }
        signal(number, SIG_DFL)
        raise(number)
    }
}
