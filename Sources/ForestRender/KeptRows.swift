/// The rows a report keeps (`RowMemo`) as they were at one moment, which no later row
/// changes: what the analyses whose every row is a kept row with a new weight refer to.
public final class RowTemplate: Sendable {
    /// Every row's bytes without its weight's digits, one row after another.
    let bytes: [UInt8]
    /// Where each row starts in `bytes`, and where the last ends (`count + 1` places).
    let starts: [Int]
    /// Where each row's weight's digits go, counted from the row's start.
    let weightAt: [Int]

    init(bytes: [UInt8], starts: [Int], weightAt: [Int]) {
        self.bytes = bytes
        self.starts = starts
        self.weightAt = weightAt
    }

    var count: Int { weightAt.count }

    /// Row `i` with `weight`'s digits between its bytes: the bytes `RowMemo.write` gives.
    func write(_ i: Int, weight: Double, into out: inout JSONBytes) {
        let (start, end, at) = (starts[i], starts[i + 1], starts[i] + weightAt[i])
        bytes.withUnsafeBufferPointer { bytes in
            out.append(UnsafeBufferPointer(rebasing: bytes[start..<at]))
            out.number(weight)
            out.append(UnsafeBufferPointer(rebasing: bytes[at..<end]))
        }
    }

    /// The template as bytes, for a file to hold: the row count, the places, then the rows.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 * (2 * count + 2) + bytes.count)
        WordCoding.append(count, to: &out)
        for start in starts { WordCoding.append(start, to: &out) }
        for at in weightAt { WordCoding.append(at, to: &out) }
        out += bytes
        return out
    }

    /// A template from `encoded`'s bytes; nil when they are not one.
    public convenience init?(encoded: [UInt8]) {
        var reader = WordCoding.Reader(encoded)
        guard let count = reader.next(), count >= 0, count <= encoded.count / 16 else { return nil }
        var starts: [Int] = []
        var weightAt: [Int] = []
        for _ in 0...count {
            guard let start = reader.next() else { return nil }
            starts.append(start)
        }
        for _ in 0..<count {
            guard let at = reader.next() else { return nil }
            weightAt.append(at)
        }
        let bytes = Array(encoded[reader.offset...])
        guard starts.first == 0, starts.last == bytes.count,
            (0..<count).allSatisfy({ i in
                Self.inOrder(starts[i], weightAt[i], starts[i + 1])
            })
        else { return nil }
        self.init(bytes: bytes, starts: starts, weightAt: weightAt)
    }

    /// A row's start before its end (from 0 on: the first start is 0), and its weight's place
    /// within it.
    private static func inOrder(_ start: Int, _ weightAt: Int, _ end: Int) -> Bool {
        start <= end && weightAt >= 0 && weightAt <= end - start
    }
}

/// An analysis's per-study rows, every one a kept row (`RowTemplate`) with a new weight: held
/// until written as the template and the weights, 8 bytes a row instead of the ~0.3 kB of its
/// JSON, so that a run's report held until the run has succeeded (`ReportSpool`) is a fraction
/// of its size. Written, it is the array `[` … `]` at `level`, the same bytes as writing the
/// rows one by one.
public struct KeptRows: Sendable {
    public let template: RowTemplate
    let weights: [Double]
    /// The array's level and the document's indentation.
    let level: Int
    let indent: Int

    init(template: RowTemplate, weights: [Double], level: Int, indent: Int) {
        self.template = template
        self.weights = weights
        self.level = level
        self.indent = indent
    }

    /// The array's bytes, as `JSONValue.objects` writes them.
    func write(into out: inout JSONBytes) {
        let (template, weights) = (template, weights)
        out.byte(UInt8(ascii: "["))
        out.rows(count: weights.count, level: level + 1) { i, out, _ in
            template.write(i, weight: weights[i], into: &out)
        }
        out.newline(level: level)
        out.byte(UInt8(ascii: "]"))
    }

    /// The array's bytes, handed to `sink` in pieces.
    public func write(to sink: ([UInt8]) -> Void) {
        JSONBytes.writing(indent: indent, to: sink) { write(into: &$0) }
    }

    /// Everything but the template, as bytes: the level, the indentation, the weights.
    public var encodedRows: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 * (weights.count + 3))
        for word in [level, indent, weights.count] { WordCoding.append(word, to: &out) }
        for weight in weights { WordCoding.append(Int(bitPattern: UInt(weight.bitPattern)), to: &out) }
        return out
    }

    /// The rows `encodedRows` held, of `template`; nil when the bytes are not such rows.
    public init?(template: RowTemplate, encodedRows: [UInt8]) {
        var reader = WordCoding.Reader(encodedRows)
        guard let level = reader.next(), let indent = reader.next(), let count = reader.next(),
            count == template.count, (0..<1000).contains(level), (0..<100).contains(indent)
        else { return nil }
        var weights: [Double] = []
        weights.reserveCapacity(count)
        for _ in 0..<count {
            guard let word = reader.next() else { return nil }
            weights.append(Double(bitPattern: UInt64(UInt(bitPattern: word))))
        }
        guard reader.offset == encodedRows.count else { return nil }
        self.init(template: template, weights: weights, level: level, indent: indent)
    }
}

/// Whole numbers as eight little-endian bytes, for what a report holds in a file.
enum WordCoding {
    static func append(_ value: Int, to out: inout [UInt8]) {
        withUnsafeBytes(of: UInt64(UInt(bitPattern: value)).littleEndian) { out += $0 }
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        /// The next word; nil past the end.
        mutating func next() -> Int? {
            guard offset + 8 <= bytes.count else { return nil }
            var word: UInt64 = 0
            for k in (0..<8).reversed() { word = word << 8 | UInt64(bytes[offset + k]) }
            offset += 8
            return Int(bitPattern: UInt(word))
        }
    }
}
