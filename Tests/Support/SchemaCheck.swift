import Foundation

/// Checks a JSON document against docs/forest-results.schema.json, so that every JSON output
/// of the test suite is held to the published schema.
///
/// No JSON Schema package is among the Swift packages this project may use, so this checks
/// the keywords that schema uses — `type`, `const`, `enum`, `properties`, `required`,
/// `additionalProperties` (false or a schema), `items`, `minItems`, `maxItems`, `oneOf` and
/// local `$ref` — and fails on any other, so that the schema cannot grow past what is checked.
public enum SchemaCheck {
    static let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/forest-results.schema.json")

    /// The schema, read once.
    static let schema: JSONTree? = try? JSONDecoder().decode(JSONTree.self, from: Data(contentsOf: schemaURL))

    /// The problems of `json` against the results schema (empty: it conforms).
    public static func problems(_ json: String) -> [String] {
        do {
            guard let schema else { return ["cannot read \(schemaURL.path)"] }
            let document = try JSONDecoder().decode(JSONTree.self, from: Data(json.utf8))
            var problems: [String] = []
            check(document, schema, root: schema, path: "$", problems: &problems)
            return problems
        } catch {
            return ["cannot read the document or the schema: \(error)"]
        }
    }

    static let known: Set<String> = [
        "type", "const", "enum", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "oneOf", "$ref", "description", "title", "$schema", "$id", "$defs",
    ]

    static func check(_ value: JSONTree, _ schema: JSONTree, root: JSONTree, path: String, problems: inout [String]) {
        guard case .object(let s) = schema else { return problems.append("\(path): schema is not an object") }
        for key in s.keys where !known.contains(key) { problems.append("schema keyword \(key) is not checked") }
        if case .string(let ref)? = s["$ref"] {
            let name = String(ref.dropFirst("#/$defs/".count))
            guard case .object(let root) = root, case .object(let defs)? = root["$defs"], let target = defs[name] else {
                return problems.append("\(path): unknown $ref \(ref)")
            }
            return check(value, target, root: .object(root), path: path, problems: &problems)
        }
        if let types = s["type"], !matches(value, types) { problems.append("\(path): not of type \(types)") }
        if let constant = s["const"], !equal(value, constant) { problems.append("\(path): not \(constant)") }
        if case .array(let options)? = s["enum"], !options.contains(where: { equal(value, $0) }) {
            problems.append("\(path): \(value) is not one of the allowed values")
        }
        if case .array(let options)? = s["oneOf"] {
            let passing = options.filter { option in
                var inner: [String] = []
                check(value, option, root: root, path: path, problems: &inner)
                return inner.isEmpty
            }
            if passing.count != 1 { problems.append("\(path): matches \(passing.count) of oneOf's schemas, not 1") }
        }
        switch value {
        case .object(let fields): checkObject(fields, s, root: root, path: path, problems: &problems)
        case .array(let items): checkArray(items, s, root: root, path: path, problems: &problems)
        default: break
        }
    }

    static func checkObject(
        _ fields: [String: JSONTree], _ s: [String: JSONTree], root: JSONTree, path: String, problems: inout [String]
    ) {
        if case .array(let required)? = s["required"] {
            for case .string(let name) in required where fields[name] == nil {
                problems.append("\(path): missing \(name)")
            }
        }
        let properties: [String: JSONTree]
        if case .object(let p)? = s["properties"] { properties = p } else { properties = [:] }
        for (name, field) in fields {
            if let property = properties[name] {
                check(field, property, root: root, path: "\(path).\(name)", problems: &problems)
            } else if case .bool(false)? = s["additionalProperties"] {
                problems.append("\(path): \(name) is not in the schema")
            } else if let other = s["additionalProperties"], case .object = other {
                check(field, other, root: root, path: "\(path).\(name)", problems: &problems)
            }
        }
    }

    static func checkArray(
        _ items: [JSONTree], _ s: [String: JSONTree], root: JSONTree, path: String, problems: inout [String]
    ) {
        if case .number(let n)? = s["minItems"], Double(items.count) < n { problems.append("\(path): too few items") }
        if case .number(let n)? = s["maxItems"], Double(items.count) > n { problems.append("\(path): too many items") }
        if let item = s["items"] {
            for (index, element) in items.enumerated() {
                check(element, item, root: root, path: "\(path)[\(index)]", problems: &problems)
            }
        }
    }

    static func matches(_ value: JSONTree, _ types: JSONTree) -> Bool {
        let names: [String]
        switch types {
        case .string(let t): names = [t]
        case .array(let list): names = list.compactMap { if case .string(let t) = $0 { t } else { nil } }
        default: return false
        }
        return names.contains { name in
            switch (name, value) {
            case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
                ("object", .object):
                true
            case ("integer", .number(let n)): n == n.rounded()
            default: false
            }
        }
    }

    /// Equal scalars (`const` and `enum` list scalars only).
    static func equal(_ a: JSONTree, _ b: JSONTree) -> Bool {
        switch a {
        case .array, .object: false
        default: a == b
        }
    }
}
