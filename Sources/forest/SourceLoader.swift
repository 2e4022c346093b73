import ArgumentParser
import ForestFiles
import ForestREPL
import ForestRender
import ForestSyntax
import Foundation

/// Reads a script from a file or standard input. Any readable stream will do (a pipe, a FIFO,
/// `/dev/stdin`, `<(command)`); a failure to read exits with status 74 (EX_IOERR) and says
/// why. A script that is not UTF-8 is an ordinary located error (status 1).
enum SourceLoader {
    static func load(_ path: String, useColor: Bool) throws -> SourceFile {
        let name = path == "-" ? "<stdin>" : path
        let bytes: [UInt8]
        switch ScriptFile.read(path) {
        case .success(let data): bytes = data
        case .failure(let failure):
            Terminal.write("forest: cannot read \(path): \(failure.reason)\n", to: .standardError)
            throw ExitCode(74)
        }
        let (source, problem) = SourceFile.decode(name: name, bytes: bytes)
        if let problem {
            Terminal.write(
                DiagnosticRenderer(useColor: useColor).render(problem) + "\n1 error; nothing was run\n",
                to: .standardError)
            throw ExitCode(1)
        }
        return source
    }
}
