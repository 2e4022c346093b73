import ForestEval
import ForestRender
import ForestSyntax
import Foundation

/// Writes the figures of a run to their files (relative paths are taken from the working
/// directory), each atomically, and reports a failure as a diagnostic at the `to "…"` option.
public enum FigureFiles {
    public static func write(_ analyses: [Analysis]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for case .figure(let figure) in analyses {
            guard let file = figure.file else { continue }
            let path = (file.value as NSString).expandingTildeInPath
            do {
                try Data(FigureSVG.render(figure).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                let directory = (path as NSString).deletingLastPathComponent
                var isDirectory: ObjCBool = false
                let missing =
                    !directory.isEmpty
                    && !(FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
                        && isDirectory.boolValue)
                problems.append(
                    .error(
                        .outputFailed,
                        "cannot write \(file.value)" + (missing ? ": the folder \(directory) does not exist" : ""),
                        at: file.span, help: missing ? "create the folder first, or write to an existing one" : nil))
            }
        }
        return problems
    }
}
