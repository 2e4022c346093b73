/// A JSON document with ordered object keys, so that output is deterministic and follows the
/// contract's field order. Doubles are written in their shortest round-trip form (full
/// precision); NaN and infinities, which JSON cannot hold, become `null`.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    /// Arrays and objects hold their elements in arrays, which are references already: no case
    /// needs `indirect` (which put every number of a report in a box of its own).
    case array([JSONValue])
    /// An array whose elements are made only as they are written, one at a time: a report's
    /// per-study rows never exist as a tree all at once (10⁶ studies would take gigabytes).
    case elements(count: Int, element: @Sendable (Int) -> JSONValue)
    /// An array of objects each written straight into the bytes by `write(index, &out, level)`
    /// with `JSONBytes.field` — no value per row at all, for the per-study rows of a report.
    case objects(count: Int, write: @Sendable (Int, inout JSONBytes, Int) -> Void)
    /// `objects` whose rows may all be a report's kept rows with new weights: `copies(level)`
    /// gives their template and weights when every row at `level` is (`RowMemo.copies`), and
    /// they are written from those (`KeptRows`, held as such by a report's spool); else nil and
    /// the rows are written one by one.
    case copiedObjects(
        count: Int, copies: @Sendable (Int) -> (RowTemplate, [Double])?,
        write: @Sendable (Int, inout JSONBytes, Int) -> Void)
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(serialized())
    }

    /// `.number`, or `.null` for nil.
    static func optional(_ value: Double?) -> JSONValue {
        value.map { .number($0) } ?? .null
    }

    /// The document as text; `indent` spaces per level, or all on one line when 0.
    public func serialized(indent: Int = 0) -> String {
        var out = JSONBytes(indent: indent)
        write(to: &out, level: 0)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// The document's UTF-8 bytes, handed to `sink` in pieces of about `chunk` bytes as they
    /// are written, so that a large document is never held whole.
    /// `level` is the nesting depth of the value in an enclosing document (for indentation).
    public func write(indent: Int, level: Int = 0, chunk: Int = 1 << 20, to sink: ([UInt8]) -> Void) {
        JSONBytes.writing(indent: indent, chunk: chunk, to: sink) { write(to: &$0, level: level) }
    }

    /// Appends the document's UTF-8 bytes: one buffer for the whole document, no string per
    /// node (a report over 10⁶ studies is about 10⁸ bytes).
    func write(to out: inout JSONBytes, level: Int) {
        switch self {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.integer(Int64(i))
        case .number(let d): out.number(d)
        case .string(let s): out.appendQuoted(s)
        case .array(let items):
            JSONValue.writeArray(count: items.count, element: { items[$0] }, to: &out, level: level)
        case .elements(let count, let element):
            JSONValue.writeArray(count: count, element: element, to: &out, level: level)
        case .objects(let count, let write):
            JSONValue.writeObjects(count: count, write, to: &out, level: level)
        case .copiedObjects(let count, let copies, let write):
            guard count > 0, let (template, weights) = copies(level + 1) else {
                return JSONValue.writeObjects(count: count, write, to: &out, level: level)
            }
            out.write(KeptRows(template: template, weights: weights, level: level, indent: out.indent))
        case .object(let fields):
            if fields.isEmpty { out.append("{}"); return }
            out.byte(UInt8(ascii: "{"))
            for (i, (key, value)) in fields.enumerated() {
                out.newline(level: level + 1)
                out.appendQuoted(key, colon: true)
                value.write(to: &out, level: level + 1)
                if i + 1 < fields.count { out.byte(UInt8(ascii: ",")) }
            }
            out.newline(level: level)
            out.byte(UInt8(ascii: "}"))
        }
    }

    private static func writeObjects(
        count: Int, _ write: @Sendable (Int, inout JSONBytes, Int) -> Void, to out: inout JSONBytes, level: Int
    ) {
        if count == 0 { out.append("[]"); return }
        out.byte(UInt8(ascii: "["))
        out.rows(count: count, level: level + 1, write)
        out.newline(level: level)
        out.byte(UInt8(ascii: "]"))
    }

    private static func writeArray(
        count: Int, element: (Int) -> JSONValue, to out: inout JSONBytes, level: Int
    ) {
        if count == 0 { out.append("[]"); return }
        out.byte(UInt8(ascii: "["))
        for i in 0..<count {
            out.newline(level: level + 1)
            element(i).write(to: &out, level: level + 1)
            if i + 1 < count { out.byte(UInt8(ascii: ",")) }
        }
        out.newline(level: level)
        out.byte(UInt8(ascii: "]"))
    }

    /// A JSON string literal with the required escapes.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                // Control characters JSON requires escaped (below 0x20), and DEL and the C1
                // controls too, which a terminal showing the JSON could act on.
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// The bytes of a JSON document being written, and its indentation. Passed `inout`, never
/// copied (a copy would share the buffer).
public struct JSONBytes {
    let indent: Int
    private let buffer: ByteBuffer
    /// The bytes written and not yet handed to the sink.
    var bytes: [UInt8] { buffer.array }
    /// Whether the value being written goes on one line (a per-study row): a line break
    /// becomes a space after a comma and nothing elsewhere (`{"a": 1, "b": {"c": 2}}`).
    var oneLine = false
    /// Where full pieces go (nil: all bytes stay in `bytes`).
    private let sink: (([UInt8]) -> Void)?
    /// Where rows held as their weights go (`KeptRows`), after the bytes before them have gone
    /// to the sink; nil: they are written into the bytes.
    private let deferral: ((KeptRows) -> Void)?
    private let chunk: Int
    /// The last number written by shortest round-trip digits, and where its digits are in
    /// `bytes` (nil once they have gone to the sink).
    private var lastNumber: (value: UInt64, digits: Range<Int>?) = (0, nil)

    init(indent: Int, capacity: Int = 1 << 12) {
        self.indent = indent
        self.sink = nil
        self.deferral = nil
        self.chunk = .max
        self.buffer = ByteBuffer(capacity: capacity)
    }

    init(indent: Int, chunk: Int, sink: @escaping ([UInt8]) -> Void, deferral: ((KeptRows) -> Void)? = nil) {
        self.indent = indent
        self.sink = sink
        self.deferral = deferral
        self.chunk = chunk
        self.buffer = ByteBuffer(capacity: chunk + 4096)
    }

    /// The bytes `body` writes, handed to `sink` in pieces of about `chunk` bytes as they are
    /// written.
    static func writing(
        indent: Int, chunk: Int = 1 << 20, to sink: ([UInt8]) -> Void, _ body: (inout JSONBytes) -> Void
    ) {
        withoutActuallyEscaping(sink) { sink in
            var out = JSONBytes(indent: indent, chunk: chunk, sink: sink)
            body(&out)
            out.flush()
        }
    }

    /// `writing`, with rows held as their weights handed to `deferring` in their place.
    static func writing(
        indent: Int, to sink: ([UInt8]) -> Void, deferring: (KeptRows) -> Void, _ body: (inout JSONBytes) -> Void
    ) {
        withoutActuallyEscaping(sink) { sink in
            withoutActuallyEscaping(deferring) { deferring in
                var out = JSONBytes(indent: indent, chunk: 1 << 20, sink: sink, deferral: deferring)
                body(&out)
                out.flush()
            }
        }
    }

    /// Rows held as their weights: to the deferral, after the bytes written before them; or
    /// written here.
    mutating func write(_ rows: KeptRows) {
        guard let deferral else { return rows.write(into: &self) }
        flush()
        deferral(rows)
    }

    /// Appends the bytes `other` holds (a block of rows written apart). With a sink, the
    /// bytes before them and then the block go to it as pieces of their own (the block not
    /// copied into this buffer first): a piece still ends between rows.
    mutating func append(contentsOf other: JSONBytes) {
        guard let sink else {
            return buffer.append(UnsafeBufferPointer(start: other.buffer.base, count: other.buffer.count))
        }
        guard !other.buffer.isEmpty else { return }
        flush()
        sink(other.buffer.array)
    }

    /// How many bytes have been written into the buffer (a place in it while no piece goes to
    /// the sink: within a per-study row).
    var position: Int { buffer.count }

    /// Appends bytes written elsewhere (a kept row's).
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { buffer.append(bytes) }

    /// Appends the bytes at `range` of the buffer to `array`.
    func appendBytes(_ range: Range<Int>, to array: inout [UInt8]) {
        array.append(contentsOf: UnsafeBufferPointer(start: buffer.base + range.lowerBound, count: range.count))
    }

    /// Forgets the bytes written (for a buffer written again).
    mutating func clear() {
        buffer.removeAll()
        lastNumber.digits = nil
    }

    /// Hands the bytes written so far to the sink.
    mutating func flush() {
        guard let sink, !buffer.isEmpty else { return }
        sink(buffer.array)
        buffer.removeAll()
        lastNumber.digits = nil
    }

    mutating func byte(_ b: UInt8) { buffer.append(b) }

    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append($0) }
    }

    /// Inside an object at `level` opened by `.objects`: the key of a field (after a comma
    /// unless `first`), then its value is written with `number`, `string` or `null`.
    /// Keys are Forest's own names (`ci_lower`): nothing in them needs an escape. A literal key
    /// is copied from its static bytes (a million rows' keys made a tenth of writing them).
    public mutating func field(_ key: StaticString, first: Bool = false, level: Int) {
        guard oneLine else { return key.withUTF8Buffer { fieldKey($0, first: first, level: level) } }
        // In a per-study row (millions of keys for a large analysis): the comma, the key and
        // the colon in one piece, the same bytes as `fieldKey` writes there.
        buffer.appendKey(key.utf8Start, count: key.utf8CodeUnitCount, comma: !first, spaced: indent > 0)
    }

    /// `field` with a key made at run time (an attribute's name, a name of the grammar).
    public mutating func field(named key: String, first: Bool = false, level: Int) {
        var key = key
        key.withUTF8 { fieldKey($0, first: first, level: level) }
    }

    private mutating func fieldKey(_ key: UnsafeBufferPointer<UInt8>, first: Bool, level: Int) {
        if !first { byte(UInt8(ascii: ",")) }
        newline(level: level + 1)
        quoted(key, colon: true)
    }

    /// `"text"`, and with `colon` the `:` (and a space when indented) of an object's key;
    /// the text needs no escape.
    private mutating func quoted(_ text: UnsafeBufferPointer<UInt8>, colon: Bool) {
        buffer.append(UInt8(ascii: "\""))
        buffer.append(text)
        buffer.append(UInt8(ascii: "\""))
        guard colon else { return }
        buffer.append(UInt8(ascii: ":"))
        if indent > 0 { buffer.append(UInt8(ascii: " ")) }
    }

    /// A number in its shortest round-trip form (an integer without ".0"); nil, NaN and
    /// infinities are `null`.
    public mutating func number(_ d: Double?) {
        guard let d, d.isFinite else { return append("null") }
        // Whole (`Int64(d)` truncates; the bound keeps it in range, as `abs(d) < 1e15` did).
        if abs(d) < 1e15 && Double(Int64(d)) == d {
            integer(Int64(d))
        } else if d.bitPattern == lastNumber.value, let digits = lastNumber.digits {
            // The value just written again (a study's log estimate is also its analysis
            // estimate): its digits copied, not found again.
            let start = buffer.count
            buffer.appendCopy(of: digits)
            lastNumber.digits = start..<buffer.count
        } else {
            // The shortest round-trip digits, as `description` gives them, written straight
            // into the bytes (`appendShortest`): no string per number.
            let start = buffer.count
            buffer.appendShortest(d)
            lastNumber = (d.bitPattern, start..<buffer.count)
        }
    }

    public mutating func string(_ s: String) { appendQuoted(s) }

    /// An integer's decimal digits, written straight into the bytes (no string per number).
    mutating func integer(_ n: Int64) {
        buffer.appendInteger(n)
    }

    /// A line break and the indentation of `level` (nothing when written on one line); a
    /// full piece goes to the sink here, between values (not within a one-line row).
    mutating func newline(level: Int) {
        if oneLine {
            // Within a per-study row, which goes to the sink whole: a piece ends at a row's
            // start, never between a comma and the space after it.
            if indent > 0 && buffer.last == UInt8(ascii: ",") { buffer.append(UInt8(ascii: " ")) }
            return
        }
        if buffer.count >= chunk { flush() }
        guard indent > 0 else { return }
        buffer.appendLineBreak(indentation: indent * level)
    }

    /// A string literal: the text's bytes as they are when nothing in it needs an escape (the
    /// usual case), `JSONValue.quote` otherwise.
    /// With `colon`, an object's key: the colon (and a space when indented) follow it.
    mutating func appendQuoted(_ s: String, colon: Bool = false) {
        var s = s
        let plain = s.withUTF8 { text in
            // Below 0x20, `"`, `\`, DEL, and 0xC2 (which starts the C1 controls U+0080…U+009F).
            guard text.allSatisfy({ b in b >= 0x20 && b != 0x22 && b != 0x5C && b != 0x7F && b != 0xC2 }) else {
                return false
            }
            quoted(text, colon: colon)
            return true
        }
        if !plain {
            append(JSONValue.quote(s))
            if colon { append(indent > 0 ? ": " : ":") }
        }
    }
}
