#if canImport(Glibc)
    import Glibc
#endif

/// A run's report, kept until the run is known to have succeeded (a script with an error, or a
/// figure that could not be written, prints no results): in memory up to `memoryLimit` bytes,
/// beyond that in a temporary file that is unlinked as soon as it is made, so that nothing is
/// left behind whatever ends the process. The report of a million studies is never held in
/// memory.
public final class ReportSpool {
    public struct Failure: Error, Sendable {
        /// Why, in words ("No space left on device").
        public var reason: String
    }

    private let memoryLimit: Int
    private var buffer: [UInt8] = []
    private var file: Int32 = -1
    private var written = 0

    public init(memoryLimit: Int = 8 << 20) {
        self.memoryLimit = memoryLimit
    }

    deinit {
        if file >= 0 { close(file) }
    }

    public func append(_ bytes: [UInt8]) throws(Failure) {
        buffer += bytes
        if buffer.count >= memoryLimit { try spill() }
    }

    /// Hands the bytes back in order, in pieces of at most 1 MB.
    public func read(_ body: ([UInt8]) -> Void) throws(Failure) {
        if file >= 0 {
            var piece = [UInt8](repeating: 0, count: 1 << 20)
            var offset = 0
            while offset < written {
                let n = piece.withUnsafeMutableBytes { pread(file, $0.baseAddress!, $0.count, off_t(offset)) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw Failure(reason: SystemError.words(n < 0 ? errno : EIO)) }
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
            guard file >= 0 else { throw Failure(reason: SystemError.words(errno)) }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        }
        guard AtomicFile.writeAll(file, buffer) else { throw Failure(reason: SystemError.words(errno)) }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
