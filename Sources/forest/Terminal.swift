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

    static func write(_ text: String, to stream: Stream) {
        let handle = stream == .standardError ? FileHandle.standardError : FileHandle.standardOutput
        handle.write(Data(text.utf8))
    }

    static func isTerminal(_ stream: Stream) -> Bool { isatty(stream.descriptor) == 1 }

    /// Colour only on a terminal and never when NO_COLOR is set (https://no-color.org).
    static func useColor(_ choice: ColorChoice, for stream: Stream) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            let env = ProcessInfo.processInfo.environment
            if let noColor = env["NO_COLOR"], !noColor.isEmpty { return false }
            if env["TERM"] == "dumb" { return false }
            return isTerminal(stream)
        }
    }

    /// Unicode output unless the locale says the terminal cannot show it.
    static var supportsUnicode: Bool {
        let env = ProcessInfo.processInfo.environment
        let locale =
            env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? env[
                "LANG"] ?? ""
        if locale == "C" || locale == "POSIX" { return false }
        return true
    }
}
