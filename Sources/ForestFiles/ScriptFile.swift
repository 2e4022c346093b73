import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reading a script's bytes from a file or any readable stream (a pipe, a FIFO, `/dev/stdin`,
/// `<(command)`), with the reason in words when it cannot be read.
public enum ScriptFile {
    public struct Failure: Error, Sendable {
        public var reason: String
    }

    /// The bytes of `path` read to the end; `-` is standard input.
    public static func read(_ path: String) -> Result<[UInt8], Failure> {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Failure(reason: SystemError.words(errno, .reading))) }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var info = stat()
        if fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
            return .failure(Failure(reason: "it is a folder"))
        }
        var bytes: [UInt8] = []
        // A regular file is read into one buffer of its size (no growing and copying).
        if info.st_mode & S_IFMT == S_IFREG { bytes.reserveCapacity(Int(info.st_size) + 1) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(reason: SystemError.words(errno, .reading)))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return .success(bytes)
    }
}
