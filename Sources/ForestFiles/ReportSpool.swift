#if canImport(Glibc)
    import Glibc
#endif

/// A run's report, kept until the run is known to have succeeded (a script with an error, or a
/// figure that could not be written, prints no results): in memory up to `memoryLimit` bytes,
/// beyond that in a temporary file that is unlinked as soon as it is made, so that nothing is
/// left behind whatever ends the process. The report of a million studies is never held in
/// memory. Once the run has succeeded, `release` writes out what is held, and every piece
/// appended after that goes straight to the output: the rest of a long report is not held at
/// all (a million studies: 0.7 GB that would otherwise be written twice).
public final class ReportSpool {
    public struct Failure: Error, Sendable {
        /// What failed, in words ("cannot hold the report: No space left on device").
        public var message: String
        /// The errno of a failed write to the output itself (after `release`); nil when the
        /// spool failed to hold the report or to read it back.
        public var outputCode: Int32?
    }

    private let memoryLimit: Int
    private var buffer: [UInt8] = []
    private var file: Int32 = -1
    private var written = 0
    /// Where pieces go once released; -1 until then.
    private var output: Int32 = -1

    public init(memoryLimit: Int = 8 << 20) {
        self.memoryLimit = memoryLimit
    }

    deinit {
        if file >= 0 { close(file) }
    }

    public func append(_ bytes: [UInt8]) throws(Failure) {
        if output >= 0 {
            if let failure = writeAll(bytes, to: output) { throw Self.failure(failure) }
            return
        }
        // Once the report is in the file, a large piece goes there as it is, after the bytes
        // held before it (not copied behind them first: a block of rows is 1.4 MB).
        if file >= 0 && bytes.count >= 1 << 16 {
            if !buffer.isEmpty { try spill() }
            guard AtomicFile.writeAll(file, bytes) else { throw Self.holding(errno) }
            written += bytes.count
            return
        }
        buffer += bytes
        if buffer.count >= memoryLimit { try spill() }
    }

    /// Writes `prologue` and the bytes held, in order, to `descriptor` (standard output), and
    /// from then on every piece appended straight to it; called once. The part in the file goes
    /// by sendfile(2), in the kernel, with no copy through this process; the part in memory by
    /// write(2).
    public func release(to descriptor: Int32, after prologue: [UInt8] = []) throws(Failure) {
        if let failure = writeAll(prologue, to: descriptor) ?? copy(to: descriptor) { throw Self.failure(failure) }
        buffer = []
        if file >= 0 { close(file) }
        file = -1
        written = 0
        output = descriptor
    }

    /// The held bytes written to `descriptor`: nil when all were written; else the errno, and
    /// whether it was the output that failed (rather than reading the spool).
    private func copy(to descriptor: Int32) -> (code: Int32, writing: Bool)? {
        if file >= 0 {
            var offset = off_t(0)
            while offset < written {
                let n = sendfile(descriptor, file, &offset, written - Int(offset))
                if n < 0 && errno == EINTR { continue }
                if n < 0 && (errno == EINVAL || errno == ENOSYS) {
                    // An output sendfile cannot write to: copy through this process instead.
                    return copyByReading(to: descriptor, from: Int(offset))
                }
                if n < 0 { return (errno, errno != EIO) }
                if n == 0 { return (EIO, false) }
            }
        }
        return writeAll(buffer, to: descriptor)
    }

    private static func failure(_ failure: (code: Int32, writing: Bool)) -> Failure {
        failure.writing
            ? Failure(message: "cannot write the output: \(SystemError.words(failure.code))", outputCode: failure.code)
            : Failure(message: "cannot read the report back: \(SystemError.words(failure.code))")
    }

    private static func holding(_ code: Int32) -> Failure {
        Failure(message: "cannot hold the report: \(SystemError.words(code))")
    }

    private func copyByReading(to descriptor: Int32, from start: Int) -> (code: Int32, writing: Bool)? {
        var piece = [UInt8](repeating: 0, count: 1 << 20)
        var offset = start
        while offset < written {
            let n = piece.withUnsafeMutableBytes { pread(file, $0.baseAddress!, $0.count, off_t(offset)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return (n < 0 ? errno : EIO, false) }
            if let failure = writeAll(Array(piece[0..<n]), to: descriptor) { return failure }
            offset += n
        }
        return writeAll(buffer, to: descriptor)
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> (code: Int32, writing: Bool)? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return (errno, true) }
            offset += n
        }
        return nil
    }

    /// Hands the bytes back in order, in pieces of at most 1 MB.
    public func read(_ body: ([UInt8]) -> Void) throws(Failure) {
        if file >= 0 {
            var piece = [UInt8](repeating: 0, count: 1 << 20)
            var offset = 0
            while offset < written {
                let n = piece.withUnsafeMutableBytes { pread(file, $0.baseAddress!, $0.count, off_t(offset)) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw Self.failure((n < 0 ? errno : EIO, false)) }
                body(Array(piece[0..<n]))
                offset += n
            }
        }
        if !buffer.isEmpty { body(buffer) }
    }

    private func spill() throws(Failure) {
        if file < 0 {
            let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
            var template = Array("\(directory)/forest-report-XXXXXX".utf8CString)
            file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard file >= 0 else { throw Self.holding(errno) }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        }
        guard AtomicFile.writeAll(file, buffer) else { throw Self.holding(errno) }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
