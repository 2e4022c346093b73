import ForestRender

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
///
/// What is held is a series of records, each a kind, a length and that many bytes (`Record`):
/// the report's bytes; or rows held as their weights (`KeptRows`: 8 bytes a row instead of
/// ~0.3 kB), after a record of the template they copy, written once for all the rows that
/// follow it. A thousand pools of the same 10,000 studies hold 80 MB of weights instead of
/// 3.4 GB of JSON (writing which into a file cost more than making it).
public final class ReportSpool {
    public struct Failure: Error, Sendable {
        /// What failed, in words ("cannot hold the report: No space left on device").
        public var message: String
        /// The errno of a failed write to the output itself (after `release`); nil when the
        /// spool failed to hold the report or to read it back.
        public var outputCode: Int32?
    }

    private let memoryLimit: Int
    /// Records not yet in the file.
    private var buffer: [UInt8] = []
    /// Where the header of the last record in `buffer` is while it holds report bytes (more
    /// bytes join it rather than making a record each).
    private var openBytes: Int?
    /// The template whose record comes last (the rows after it copy it).
    private var template: RowTemplate?
    private var file: Int32 = -1
    private var written = 0
    /// Where pieces go once released; -1 until then.
    private var output: Int32 = -1

    /// How many bytes the spool holds, in memory and in its file.
    public var size: Int { written + buffer.count }

    public init(memoryLimit: Int = 8 << 20) {
        self.memoryLimit = memoryLimit
    }

    deinit {
        if file >= 0 { close(file) }
    }

    public func append(_ bytes: [UInt8]) throws(Failure) {
        if output >= 0 {
            if let failure = writeAll(bytes[...], to: output) { throw Self.failure(failure) }
            return
        }
        guard !bytes.isEmpty else { return }
        // Once the report is in the file, a large piece goes there as it is, after the records
        // held before it (not copied behind them first: a block of rows is 1.4 MB).
        if file >= 0 && bytes.count >= 1 << 16 {
            if !buffer.isEmpty { try spill() }
            try hold(Record.header(.bytes, count: bytes.count))
            try hold(bytes)
            return
        }
        if let at = openBytes {
            Record.add(bytes.count, toLengthAt: at, in: &buffer)
        } else {
            openBytes = buffer.count
            buffer += Record.header(.bytes, count: bytes.count)
        }
        buffer += bytes
        if buffer.count >= memoryLimit { try spill() }
    }

    /// Rows held as their weights; written out (at once, after the release) as their bytes.
    public func append(_ rows: KeptRows) throws(Failure) {
        if output >= 0 {
            var failure: (code: Int32, writing: Bool)?
            rows.write { piece in failure = failure ?? writeAll(piece[...], to: output) }
            if let failure { throw Self.failure(failure) }
            return
        }
        if rows.template !== template {
            let encoded = rows.template.encoded
            buffer += Record.header(.template, count: encoded.count)
            buffer += encoded
            template = rows.template
        }
        let encoded = rows.encodedRows
        buffer += Record.header(.rows, count: encoded.count)
        buffer += encoded
        openBytes = nil
        if buffer.count >= memoryLimit { try spill() }
    }

    /// Writes `prologue` and the report held, in order, to `descriptor` (standard output), and
    /// from then on every piece appended straight to it; called once. Report bytes in the file
    /// go by sendfile(2), in the kernel, with no copy through this process.
    public func release(to descriptor: Int32, after prologue: [UInt8] = []) throws(Failure) {
        if let failure = writeAll(prologue[...], to: descriptor) { throw Self.failure(failure) }
        try replay { (piece: Piece) throws(Failure) in
            var failure: (code: Int32, writing: Bool)?
            switch piece {
            case .memory(let bytes): failure = writeAll(bytes, to: descriptor)
            case .file(let offset, let count): try send(offset, count, to: descriptor)
            case .rows(let rows): rows.write { bytes in failure = failure ?? writeAll(bytes[...], to: descriptor) }
            }
            if let failure { throw Self.failure(failure) }
        }
        buffer = []
        template = nil
        if file >= 0 { close(file) }
        file = -1
        written = 0
        output = descriptor
    }

    /// Hands the report back in order, in pieces of at most 1 MB (rows held as weights as
    /// their bytes).
    public func read(_ body: ([UInt8]) -> Void) throws(Failure) {
        try replay { (piece: Piece) throws(Failure) in
            switch piece {
            case .memory(let bytes): body(Array(bytes))
            case .file(let offset, let count): try readPieces(offset, count) { body($0) }
            case .rows(let rows): rows.write(to: body)
            }
        }
    }

    /// A part of the report held: bytes in memory, bytes in the file, or rows.
    private enum Piece {
        case memory(ArraySlice<UInt8>)
        case file(offset: Int, count: Int)
        case rows(KeptRows)
    }

    /// Every record held, in order, as the part of the report it holds; each template read
    /// back for the rows after it.
    private func replay(_ body: (Piece) throws(Failure) -> Void) throws(Failure) {
        var template: RowTemplate?
        func visit(_ kind: Record.Kind, _ payload: () throws(Failure) -> [UInt8]) throws(Failure) {
            switch kind {
            case .bytes: break
            case .template:
                guard let read = RowTemplate(encoded: try payload()) else { throw Self.damaged }
                template = read
            case .rows:
                guard let template, let rows = KeptRows(template: template, encodedRows: try payload()) else {
                    throw Self.damaged
                }
                try body(.rows(rows))
            }
        }
        var offset = 0
        while offset < written {
            let header = try readFile(at: offset, count: Record.headerSize)
            guard let (kind, count) = Record.parse(header[...]), offset + Record.headerSize + count <= written else {
                throw Self.damaged
            }
            let start = offset + Record.headerSize
            if kind == .bytes { try body(.file(offset: start, count: count)) }
            try visit(kind) { () throws(Failure) in try readFile(at: start, count: count) }
            offset = start + count
        }
        offset = 0
        while offset < buffer.count {
            guard let (kind, count) = Record.parse(buffer[offset...]),
                offset + Record.headerSize + count <= buffer.count
            else { throw Self.damaged }
            let payload = buffer[(offset + Record.headerSize)..<(offset + Record.headerSize + count)]
            if kind == .bytes { try body(.memory(payload)) }
            try visit(kind) { Array(payload) }
            offset = payload.endIndex
        }
    }

    private static func failure(_ failure: (code: Int32, writing: Bool)) -> Failure {
        failure.writing
            ? Failure(message: "cannot write the output: \(SystemError.words(failure.code))", outputCode: failure.code)
            : Failure(message: "cannot read the report back: \(SystemError.words(failure.code))")
    }

    private static func holding(_ code: Int32) -> Failure {
        Failure(message: "cannot hold the report: \(SystemError.words(code))")
    }

    /// What the spool holds is not what it wrote (a file changed behind its back).
    private static var damaged: Failure { Failure(message: "cannot read the report back: it has been damaged") }

    /// `count` bytes of the file from `offset` to `descriptor`: by sendfile, or through this
    /// process where sendfile cannot write.
    private func send(_ offset: Int, _ count: Int, to descriptor: Int32) throws(Failure) {
        var position = off_t(offset)
        let end = offset + count
        while position < end {
            let n = sendfile(descriptor, file, &position, end - Int(position))
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EINVAL || errno == ENOSYS) {
                return try readPieces(Int(position), end - Int(position)) { (piece: [UInt8]) throws(Failure) in
                    if let failure = writeAll(piece[...], to: descriptor) { throw Self.failure(failure) }
                }
            }
            if n < 0 { throw Self.failure((errno, errno != EIO)) }
            if n == 0 { throw Self.failure((EIO, false)) }
        }
    }

    /// `count` bytes of the file from `start`, handed to `body` in pieces of at most 1 MB.
    private func readPieces(_ start: Int, _ count: Int, _ body: ([UInt8]) throws(Failure) -> Void) throws(Failure) {
        var offset = start
        while offset < start + count {
            let piece = try readFile(at: offset, count: min(1 << 20, start + count - offset))
            try body(piece)
            offset += piece.count
        }
    }

    /// `count` bytes of the file from `offset` (all of them, or a failure).
    private func readFile(at offset: Int, count: Int) throws(Failure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes {
                pread(file, $0.baseAddress! + done, count - done, off_t(offset + done))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Self.failure((n < 0 ? errno : EIO, false)) }
            done += n
        }
        return bytes
    }

    private func writeAll(_ bytes: ArraySlice<UInt8>, to descriptor: Int32) -> (code: Int32, writing: Bool)? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return (errno, true) }
            offset += n
        }
        return nil
    }

    /// Moves the records held in memory to the end of the file (made at the first call).
    private func spill() throws(Failure) {
        if file < 0 {
            let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
            var template = Array("\(directory)/forest-report-XXXXXX".utf8CString)
            file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard file >= 0 else { throw Self.holding(errno) }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        }
        try hold(buffer)
        buffer.removeAll(keepingCapacity: true)
        openBytes = nil
    }

    /// Appends `bytes` to the file.
    private func hold(_ bytes: [UInt8]) throws(Failure) {
        guard AtomicFile.writeAll(file, bytes) else { throw Self.holding(errno) }
        written += bytes.count
    }
}

/// A record of what a spool holds: its kind (a byte), its length (eight bytes, little-endian),
/// then that many bytes.
private enum Record {
    enum Kind: UInt8 {
        /// Bytes of the report.
        case bytes = 0
        /// A `RowTemplate`, for the rows after it.
        case template = 1
        /// `KeptRows` without their template.
        case rows = 2
    }

    static let headerSize = 9

    static func header(_ kind: Kind, count: Int) -> [UInt8] {
        [kind.rawValue] + (0..<8).map { UInt8(truncatingIfNeeded: UInt64(count) >> (8 * $0)) }
    }

    /// The kind and length of the record whose header starts `bytes`; nil when it is not one.
    static func parse(_ bytes: ArraySlice<UInt8>) -> (Kind, Int)? {
        guard bytes.count >= headerSize, let kind = Kind(rawValue: bytes[bytes.startIndex]) else { return nil }
        var count: UInt64 = 0
        for k in (1...8).reversed() { count = count << 8 | UInt64(bytes[bytes.startIndex + k]) }
        guard count <= UInt64(Int.max / 2) else { return nil }
        return (kind, Int(count))
    }

    /// Lengthens the record whose header is at `at` by `extra` bytes.
    static func add(_ extra: Int, toLengthAt at: Int, in buffer: inout [UInt8]) {
        guard let (kind, count) = parse(buffer[at...]) else { return }
        buffer.replaceSubrange(at..<(at + headerSize), with: header(kind, count: count + extra))
    }
}
