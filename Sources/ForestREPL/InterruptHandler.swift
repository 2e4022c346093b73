import ForestStats

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C while a statement runs: stop that statement, keep the session (as `lua.c` does).
///
/// While `run` is active, SIGINT only sets `Interruption.requested`, which the long loops of
/// the evaluation check; afterwards the previous handler is back (the REPL reads lines with
/// Ctrl-C as a key, and `forest run` ends on it).
enum InterruptHandler {
    static func run<T>(_ body: () -> T) -> T {
        Interruption.requested = false
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interruption.requested = true }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        var previous = sigaction()
        sigaction(SIGINT, &action, &previous)
        // A parent may have started us with SIGINT blocked (a thread pool's mask is inherited):
        // Ctrl-C must still reach the handler.
        var interrupt = sigset_t(), previousMask = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        sigprocmask(SIG_UNBLOCK, &interrupt, &previousMask)
        defer {
            sigprocmask(SIG_SETMASK, &previousMask, nil)
            sigaction(SIGINT, &previous, nil)
            Interruption.requested = false
        }
        return body()
    }
}
