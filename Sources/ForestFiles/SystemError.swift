#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one table of operating-system errors in words, for every file Forest reads or writes.
public enum SystemError {
    /// Whether the failing operation read a file (a script) or wrote one (a figure, a saved
    /// session, the history): a missing file and a link loop are worded for each.
    public enum Operation: Sendable {
        case reading
        case writing
    }

    /// An errno value in words.
    public static func words(_ code: Int32, _ operation: Operation = .writing) -> String {
        switch (code, operation) {
        case (ENOENT, .reading): "no such file"
        case (ENOENT, .writing): "no such file or folder"
        case (ELOOP, .reading): "too many levels of symbolic links (a link loop?)"
        case (ELOOP, .writing): "too many levels of symbolic links"
        case (ENOTDIR, .reading): "a part of the path is not a folder"
        case (EACCES, _), (EPERM, _): "permission denied"
        case (ENOSPC, _): "no space left on the device"
        case (EDQUOT, _): "disk quota exceeded"
        case (EROFS, _): "the file system is read-only"
        case (EISDIR, _): "it is a folder"
        case (ENAMETOOLONG, _): "the name is too long"
        case (EIO, _): "an input/output error"
        default: String(cString: strerror(code))
        }
    }
}
