import ForestEval
import ForestRender
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether a file can be written where a script asks, checked before anything runs (so that
/// `forest check` reports it at the `to "…"` option) and again when writing.
public enum OutputPath {
    /// Why `path` cannot be written, or nil when it looks writable: its folder must exist and
    /// be writable, and the path must not be a folder or a read-only file.
    public static func problem(_ path: String) -> AtomicFile.Failure? {
        let path = (path as NSString).expandingTildeInPath
        if path.isEmpty { return AtomicFile.Failure(reason: "the file name is empty", help: nil) }
        let directory = directory(of: path)
        var info = stat()
        if stat(directory, &info) != 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                return AtomicFile.Failure(
                    reason: "the folder \(directory) does not exist",
                    help: "create the folder first, or write to an existing one")
            }
            return AtomicFile.Failure(reason: "the folder \(directory): \(SystemError.words(code))", help: nil)
        }
        if info.st_mode & S_IFMT != S_IFDIR {
            return AtomicFile.Failure(reason: "\(directory) is not a folder", help: nil)
        }
        if access(directory, W_OK | X_OK) != 0 {
            return AtomicFile.Failure(
                reason: "the folder \(directory) is not writable", help: "write to a folder you can write to")
        }
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR {
                return AtomicFile.Failure(reason: "it is a folder", help: "give a file name, e.g. \(path)/plot.svg")
            }
            if access(path, W_OK) != 0 {
                return AtomicFile.Failure(
                    reason: "the file is read-only", help: "make it writable, or write to another file")
            }
        }
        return nil
    }

    /// The folder a path is in ("." for a bare file name).
    static func directory(of path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }
}

extension OutputPath {
    /// The session's output check (`Session.checkOutput`): a format Forest writes, by the
    /// file's extension, then `problem`.
    public static let check: @Sendable (OutputRequest) -> OutputProblem? = { request in
        if request.figure == "report" {
            guard ReportDocuments.format(forPath: request.path) != nil else {
                return OutputProblem(
                    .unsupportedFormat, reason: ReportDocuments.expectation, help: "e.g. report to \"review.html\"")
            }
            return problem(request.path).map { OutputProblem(reason: $0.reason, help: $0.help) }
        }
        if request.figure == "characteristics" {
            guard TableFormats.format(forPath: request.path) != nil else {
                return OutputProblem(
                    .unsupportedFormat, reason: TableFormats.expectation, help: "e.g. to \"characteristics.md\"")
            }
            return problem(request.path).map { OutputProblem(reason: $0.reason, help: $0.help) }
        }
        if let format = FigureFormats.format(forPath: request.path), format.encoding != .svg,
            let reason = RasterFigure.unavailable
        {
            return OutputProblem(.unsupportedFormat, reason: reason, help: "or write the figure as SVG")
        }
        guard FigureFormats.format(forPath: request.path) != nil else {
            let suggestion = FigureFormats.all[0].fileExtension
            return OutputProblem(
                .unsupportedFormat, reason: FigureFormats.expectation,
                help: "e.g. to \"\(request.outcome.lowercased())-\(request.figure).\(suggestion)\"")
        }
        return problem(request.path).map { OutputProblem(reason: $0.reason, help: $0.help) }
    }
}
