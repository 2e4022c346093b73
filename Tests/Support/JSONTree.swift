/// A parsed JSON document (numbers as Double, booleans apart), for comparing outputs with
/// expectations and checking them against the results schema.
public enum JSONTree: Decodable, Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? container.decode(Double.self) {
            self = .number(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONTree].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONTree].self))
        }
    }

    public subscript(key: String) -> JSONTree? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var number: Double? { if case .number(let d) = self { d } else { nil } }
    public var array: [JSONTree]? { if case .array(let a) = self { a } else { nil } }
    public var object: [String: JSONTree]? { if case .object(let o) = self { o } else { nil } }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let d): "\(d)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "[\(a.count) items]"
        case .object: "{…}"
        }
    }
}
