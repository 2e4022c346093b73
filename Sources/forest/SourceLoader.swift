import ArgumentParser
import ForestSyntax
import Foundation

/// Reads a script from a file or standard input; I/O failures exit with status 74 (EX_IOERR).
enum SourceLoader {
    static func load(_ path: String) throws -> SourceFile {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return SourceFile(name: "<stdin>", text: String(decoding: data, as: UTF8.self))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory" : "it cannot be read"
            Terminal.write("forest: cannot read \(path): \(reason)\n", to: .standardError)
            throw ExitCode(74)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            Terminal.write("forest: cannot read \(path): it is not UTF-8 text\n", to: .standardError)
            throw ExitCode(74)
        }
        return SourceFile(name: path, text: text)
    }
}
