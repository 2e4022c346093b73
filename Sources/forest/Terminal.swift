import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The little the shell needs to know about its terminal.
enum Terminal {
    enum Stream {
        case standardInput
        case standardOutput
        case standardError

        var descriptor: Int32 {
            switch self {
            case .standardInput: STDIN_FILENO
            case .standardOutput: STDOUT_FILENO
            case .standardError: STDERR_FILENO
            }
        }
    }

    /// Exit status after the reader of standard output went away (128 + SIGPIPE, what a shell
    /// reports for a program ended by that signal).
    static let closedPipeStatus: Int32 = 141

    /// Writes all of `text`. Output that cannot be written ends the process rather than going
    /// on as if it had been: a closed pipe quietly (as Unix tools do), any other failure (a
    /// full disk, an I/O error) with a message on standard error and status 74 (EX_IOERR).
    static func write(_ text: String, to stream: Stream) {
        write(bytes: Array(text.utf8), to: stream)
    }

    static func write(bytes: [UInt8], to stream: Stream) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.write(stream.descriptor, $0.baseAddress! + offset, bytes.count - offset)
            }
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                fail(stream, code)
            }
            offset += n
        }
    }

    /// A write to `stream` failed with errno `code`: end as `write` would have.
    static func failed(_ stream: Stream, _ code: Int32) -> Never { fail(stream, code) }

    private static func fail(_ stream: Stream, _ code: Int32) -> Never {
        if code == EPIPE { exit(closedPipeStatus) }
        if stream == .standardOutput {
            let message = Array("forest: cannot write the output: \(String(cString: strerror(code)))\n".utf8)
            _ = message.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress!, message.count) }
        }
        exit(74)
    }

    static func isTerminal(_ stream: Stream) -> Bool { isatty(stream.descriptor) == 1 }

    /// Colour only on a terminal and never when NO_COLOR is set (https://no-color.org).
    static func useColor(_ choice: ColorChoice, for stream: Stream) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = variable("NO_COLOR"), !noColor.isEmpty { return false }
            if variable("TERM") == "dumb" { return false }
            return isTerminal(stream)
        }
    }

    /// Unicode output unless the locale says the terminal cannot show it.
    static var supportsUnicode: Bool {
        let locale =
            variable("LC_ALL").flatMap { $0.isEmpty ? nil : $0 } ?? variable("LC_CTYPE").flatMap {
                $0.isEmpty ? nil : $0
            }
            ?? variable("LANG") ?? ""
        if locale == "C" || locale == "POSIX" { return false }
        return true
    }

    /// One environment variable, read as it is: Foundation's `environment` copies every one of
    /// them into a dictionary (1.4M instructions at a run's start).
    private static func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}
