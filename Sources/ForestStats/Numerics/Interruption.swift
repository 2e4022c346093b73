/// A request to stop a long computation (the REPL sets it on Ctrl-C while a statement runs).
///
/// The pattern of `lua.c`: a signal handler may only set a flag, and the long loops (the rows
/// of a leave-one-out or cumulative analysis, the statements of a script) look at it and stop
/// with `PoolError.interrupted`. It is the one piece of global state here, written by the
/// shell, read by the loops; nothing else in the core depends on it.
public enum Interruption {
    nonisolated(unsafe) public static var requested = false

    /// Throws `interrupted` once a stop has been requested.
    @inline(__always)
    public static func check() throws(PoolError) {
        if requested { throw .interrupted }
    }
}
