import ForestEval
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writing a file so that no failure loses work: the text goes to a temporary file beside the
/// target, which replaces the target only once it is complete and on disk. A failure leaves an
/// existing file untouched and removes the temporary one; so does SIGINT or SIGTERM meanwhile
/// (see `TemporaryFiles`).
///
/// Writing over a symbolic link writes the file the link points to and keeps the link; an
/// existing file keeps its permission bits (a new one gets 0666 less the umask, as `open`
/// gives).
public enum AtomicFile {
    public struct Failure: Error, Sendable, Equatable {
        /// Why, in words: "the folder out does not exist", "permission denied", …
        public var reason: String
        /// Advice, when there is an obvious fix.
        public var help: String?
    }

    public static func write(_ text: String, to path: String) throws(Failure) {
        try write(Array(text.utf8), to: path)
    }

    /// - Parameter durable: flush to the disk before the rename (a figure, a saved script);
    ///   the REPL's history, written on every entry, skips it so typing never waits on the disk.
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = true) throws(Failure) {
        let target = try resolveLinks(path)
        if let problem = OutputPath.problem(target) { throw problem }
        let directory = OutputPath.directory(of: target)
        let base = (target as NSString).lastPathComponent
        var template = Array("\(directory)/.\(base).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(reason: OutputPath.describe(errno), help: nil) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        TemporaryFiles.register(temporary)
        defer { TemporaryFiles.unregister() }
        var failure: Failure? = nil
        if !writeAll(fd, bytes) || (durable && fsync(fd) != 0) {
            failure = Failure(reason: OutputPath.describe(errno), help: nil)
        } else if fchmod(fd, mode(for: target)) != 0 {
            failure = Failure(reason: OutputPath.describe(errno), help: nil)
        }
        if close(fd) != 0 && failure == nil { failure = Failure(reason: OutputPath.describe(errno), help: nil) }
        if failure == nil && rename(temporary, target) != 0 {
            failure = Failure(reason: OutputPath.describe(errno), help: nil)
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    /// Writes every byte, retrying after interruptions and short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// The permission bits the written file gets: the existing file's, or 0666 less the umask.
    private static func mode(for path: String) -> mode_t {
        var info = stat()
        if stat(path, &info) == 0 { return info.st_mode & 0o7777 }
        let mask = umask(0)
        umask(mask)
        return 0o666 & ~mask
    }

    /// The file a path names once symbolic links are followed (a dangling link names the file
    /// it would create), so that writing replaces that file and not the link.
    static func resolveLinks(_ path: String) throws(Failure) -> String {
        var current = (path as NSString).expandingTildeInPath
        for _ in 0..<40 {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            if length < 0 { return current }
            let destination = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current =
                destination.hasPrefix("/")
                ? destination : (OutputPath.directory(of: current) as NSString).appendingPathComponent(destination)
        }
        throw Failure(reason: "too many levels of symbolic links", help: nil)
    }
}

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
            return AtomicFile.Failure(reason: "the folder \(directory): \(describe(code))", help: nil)
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

    /// An errno value in words.
    public static func describe(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file or folder"
        case EACCES, EPERM: "permission denied"
        case ENOSPC: "no space left on the device"
        case EDQUOT: "disk quota exceeded"
        case EROFS: "the file system is read-only"
        case ELOOP: "too many levels of symbolic links"
        case EISDIR: "it is a folder"
        case ENAMETOOLONG: "the name is too long"
        case EIO: "an input/output error"
        default: String(cString: strerror(code))
        }
    }
}

extension OutputPath {
    /// `problem` as the session's output check (`Session.checkOutput`).
    public static let check: @Sendable (String) -> OutputProblem? = { path in
        problem(path).map { OutputProblem(reason: $0.reason, help: $0.help) }
    }
}
