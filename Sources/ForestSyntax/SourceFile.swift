import Synchronization

/// The text of one script (a file, standard input, or one REPL entry), with a line index.
///
/// Immutable and shared by reference, so that every `Span` can say which text it points into
/// without copying it. Line and column are computed only when a diagnostic is rendered.
///
/// A source, once made, lives as long as the process: spans hold it without reference counting
/// (a million studies make tens of millions of span copies, and counting them was a third of
/// `check`'s time). Sources are few — one per file, REPL entry or completion request — and
/// small next to what is parsed from them.
public final class SourceFile: Sendable {
    /// What diagnostics call the source: a path, `<stdin>` or `<repl:N>`.
    public let name: String
    /// The source's UTF-8 bytes (valid UTF-8: `decode` checks); spans are byte offsets into them.
    public let bytes: [UInt8]
    /// The number of the text's first line: 1, or where a piece of a longer input starts (the
    /// REPL reading a pipe numbers each entry by its line in the whole input).
    public let firstLine: Int
    /// The line index, made when a line is first asked for (a script that raises no
    /// diagnostic and reports no line never needs it).
    private let lineTable = Mutex<[Int]?>(nil)

    /// The text, made from the bytes when asked for (the few who need a `String` of a whole
    /// script: the REPL's history, the CSV reader, `forest fmt`); the parser reads the bytes.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Byte offset of the first byte of each line.
    public var lineStarts: [Int] {
        lineTable.withLock { index in
            if let index { return index }
            var starts = [0]
            bytes.withUnsafeBufferPointer { buffer in
                ByteSearch.forEach(UInt8(ascii: "\n"), in: buffer) { offset in
                    starts.append(offset + 1)
                    return true
                }
            }
            index = starts
            return starts
        }
    }

    public convenience init(name: String, text: String, firstLine: Int = 1) {
        self.init(name: name, bytes: Array(text.utf8), firstLine: firstLine)
    }

    /// A source of valid UTF-8 bytes at hand: a script read from a file is not copied again.
    init(name: String, bytes: [UInt8], firstLine: Int) {
        self.name = name
        self.firstLine = firstLine
        self.bytes = bytes
        // The reference every span leaves uncounted.
        SourceFile.all.withLock { $0.append(self) }
    }

    /// Every source made, kept for the life of the process (and reachable, so that a leak
    /// checker sees them as held, not lost).
    private static let all = Mutex<[SourceFile]>([])

    /// Lets these sources go — for a long-running process (the language server checks a
    /// document on every edit) that has finished with everything made from them: no span into
    /// them may be used afterwards. Other sources stay.
    public static func release(_ sources: [SourceFile]) {
        let gone = Set(sources.map(ObjectIdentifier.init))
        all.withLock { $0.removeAll { gone.contains(ObjectIdentifier($0)) } }
    }

    /// How many sources of this name are held.
    public static func count(named name: String) -> Int {
        all.withLock { $0.filter { $0.name == name }.count }
    }

    /// Line (counted from `firstLine`) and 1-based column (in characters) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let line = lineIndex(of: offset)
        let start = lineStarts[line]
        let prefix = bytes[start..<min(max(offset, start), bytes.count)]
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return (line + firstLine, column)
    }

    /// 0-based index of the line holding `offset`.
    public func lineIndex(of offset: Int) -> Int {
        let lineStarts = lineStarts
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The text of 0-based line `index`, without its line break.
    public func lineText(_ index: Int) -> String {
        let lineStarts = lineStarts
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
        while end > start && (bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r")) {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The source text covered by a span.
    public func text(of span: Span) -> String {
        String(decoding: bytes[span.start..<min(span.end, bytes.count)], as: UTF8.self)
    }
}

/// A half-open byte range [start, end) in a source file.
public struct Span: Sendable, Hashable {
    /// Not counted: sources are never freed (see `SourceFile`).
    public unowned(unsafe) let source: SourceFile
    public let start: Int
    public let end: Int

    public init(source: SourceFile, start: Int, end: Int) {
        self.source = source
        self.start = start
        self.end = max(end, start)
    }

    /// The smallest span covering both.
    public func merged(with other: Span) -> Span {
        Span(source: source, start: min(start, other.start), end: max(end, other.end))
    }

    /// The source text the span covers.
    public var text: String { source.text(of: self) }

    public static func == (lhs: Span, rhs: Span) -> Bool {
        lhs.source === rhs.source && lhs.start == rhs.start && lhs.end == rhs.end
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(source))
        hasher.combine(start)
        hasher.combine(end)
    }
}

/// A value with the span of source text it came from.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var span: Span

    public init(_ value: Value, _ span: Span) {
        self.value = value
        self.span = span
    }
}

extension SourceFile {
    /// Whether `word` occurs in the source as a whole word (letters, digits, `_` and `-` on
    /// neither side): a quick scan, without lexing, that tells a run whether the script may
    /// have a statement beginning with it. A word in a comment or a string also counts.
    public func containsWord(_ word: String) -> Bool {
        let target = Array(word.utf8)
        guard let first = target.first, bytes.count >= target.count else { return false }
        func isNamePart(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
        }
        return bytes.withUnsafeBufferPointer { text in
            var found = false
            ByteSearch.forEach(first, in: text) { i in
                found =
                    i + target.count <= text.count && (i == 0 || !isNamePart(text[i - 1]))
                    && (i + target.count == text.count || !isNamePart(text[i + target.count]))
                    && (1..<target.count).allSatisfy { text[i + $0] == target[$0] }
                return !found
            }
            return found
        }
    }
}
