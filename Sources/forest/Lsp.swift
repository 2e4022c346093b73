import ArgumentParser
import ForestLSP
import Foundation

/// `forest lsp`: the language server, speaking the Language Server Protocol on standard input
/// and output (docs/editors.md says how to use it from an editor).
struct Lsp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server (Language Server Protocol over standard input and output).")

    func run() throws {
        var reader = MessageReader {
            let data = FileHandle.standardInput.availableData
            return data.isEmpty ? nil : Array(data)
        }
        var server = LanguageServer()
        while let message = reader.next() {
            for reply in server.handle(message) {
                FileHandle.standardOutput.write(Data(framed(reply)))
            }
            if let code = server.exitCode { throw ExitCode(code) }
        }
        // The client went away without `exit`.
        throw ExitCode(1)
    }
}
