import ArgumentParser
import ForestFiles
import ForestImport
import ForestSyntax
import Foundation

/// `forest import REVIEW.rm5|PACKAGE_FOLDER [-o FILE.forest]`: a RevMan 5 review, or a RevMan
/// Web data package, as a Forest script.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a RevMan 5 review (.rm5) or a RevMan Web data package (folder) as a Forest script.",
        discussion: """
            The script holds the review's title, its studies (with year and risk-of-bias
            judgements), every analysis as an outcome with RevMan's settings, and a pool
            statement for each. Running it reproduces RevMan's results.
            """)

    @Argument(help: "The RevMan 5 file (.rm5), or the folder of a RevMan Web data package.")
    var file: String

    @Option(name: [.customShort("o"), .long], help: "Write the script here (default: standard output).")
    var output: String?

    func run() throws {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isFolder)
        var bytes: [UInt8] = []
        if !(exists && isFolder.boolValue) {
            switch ScriptFile.read(file) {
            case .success(let read): bytes = read
            case .failure(let failure):
                Terminal.write("forest: cannot read \(file): \(failure.reason)\n", to: .standardError)
                throw ExitCode(74)
            }
        }
        let script: String
        do {
            let review =
                isFolder.boolValue
                ? try RevManWebPackage.read(folder: file).get() : try RevManReview.read(Data(bytes)).get()
            let name = (file as NSString).lastPathComponent
            script = try RevManScript.text(
                review, source: name + (isFolder.boolValue ? " (a RevMan Web data package)" : " (RevMan 5)"))
        } catch let failure as RevManReview.Failure {
            let place = failure.line.map { ":\($0)" + (failure.column.map { ":\($0)" } ?? "") } ?? ""
            Terminal.write("\(file)\(place): error: \(failure.message)\n", to: .standardError)
            throw ExitCode(1)
        } catch let problem as RevManScript.Problem {
            Terminal.write("\(file): error: \(problem.message)\n", to: .standardError)
            throw ExitCode(1)
        }
        guard let output else {
            Terminal.write(script, to: .standardOutput)
            return
        }
        do {
            try AtomicFile.write(script, to: output)
        } catch {
            Terminal.write("forest: cannot write \(output): \(error.reason)\n", to: .standardError)
            throw ExitCode(74)
        }
        Terminal.write("Wrote \(output)\n", to: .standardError)
    }
}
