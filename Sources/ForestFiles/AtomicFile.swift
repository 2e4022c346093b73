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
        guard fd >= 0 else { throw Failure(reason: SystemError.words(errno), help: nil) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        TemporaryFiles.register(temporary)
        defer { TemporaryFiles.unregister() }
        var failure: Failure? = nil
        if !writeAll(fd, bytes) || (durable && fsync(fd) != 0) {
            failure = Failure(reason: SystemError.words(errno), help: nil)
        } else if fchmod(fd, mode(for: target)) != 0 {
            failure = Failure(reason: SystemError.words(errno), help: nil)
        }
        if close(fd) != 0 && failure == nil { failure = Failure(reason: SystemError.words(errno), help: nil) }
        if failure == nil && rename(temporary, target) != 0 {
            failure = Failure(reason: SystemError.words(errno), help: nil)
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
