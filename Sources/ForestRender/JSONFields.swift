/// Where the fields of a JSON object go, one at a time and in order: gathered into a
/// `JSONValue` object (`JSONFieldList`) or written straight into a document's bytes
/// (`JSONObjectBytes`). A pooled analysis, the report's commonest object (thousands in a run),
/// states its fields once, through this, for both; written straight, it makes no tree of
/// values to build, walk and free.
///
/// Keys are Forest's own names, written in the source (`tau2_ci_lower`): static text that
/// needs no escape, copied from its bytes rather than made into a string for every object.
protocol JSONFields {
    mutating func add(_ key: StaticString, _ value: JSONValue)
    /// A number, or `null` for nil (NaN and infinities are `null` too).
    mutating func add(_ key: StaticString, number: Double?)
    mutating func add(_ key: StaticString, int: Int)
    /// A string, or `null` for nil.
    mutating func add(_ key: StaticString, string: String?)
}

/// The fields as `(key, value)` pairs, for `JSONValue.object`.
struct JSONFieldList: JSONFields {
    var fields: [(String, JSONValue)] = []

    mutating func add(_ key: StaticString, _ value: JSONValue) { fields.append((key.description, value)) }
    mutating func add(_ key: StaticString, number: Double?) { fields.append((key.description, .optional(number))) }
    mutating func add(_ key: StaticString, int: Int) { fields.append((key.description, .int(int))) }
    mutating func add(_ key: StaticString, string: String?) {
        fields.append((key.description, string.map { .string($0) } ?? .null))
    }
}

/// An object at `level` written into the bytes as its fields come: the same bytes as
/// `JSONValue.object(fields).write(to:level:)` (`JSONFieldsTests`).
struct JSONObjectBytes: JSONFields {
    private var out: JSONBytes
    private let level: Int
    private var count = 0

    /// Opens the object; `finish()` closes it and gives the bytes back to be written on.
    init(_ out: JSONBytes, level: Int) {
        self.out = out
        self.level = level
        self.out.byte(UInt8(ascii: "{"))
    }

    consuming func finish() -> JSONBytes {
        if count > 0 { out.newline(level: level) }
        out.byte(UInt8(ascii: "}"))
        return out
    }

    private mutating func key(_ key: StaticString) {
        out.field(key, first: count == 0, level: level)
        count += 1
    }

    mutating func add(_ key: StaticString, _ value: JSONValue) {
        self.key(key)
        value.write(to: &out, level: level + 1)
    }

    mutating func add(_ key: StaticString, number: Double?) {
        self.key(key)
        out.number(number)
    }

    mutating func add(_ key: StaticString, int: Int) {
        self.key(key)
        out.integer(Int64(int))
    }

    mutating func add(_ key: StaticString, string: String?) {
        self.key(key)
        if let string { out.appendQuoted(string) } else { out.append("null") }
    }
}
