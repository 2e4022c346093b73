import ForestEval
import ForestRender
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// The published reference analyses in Tests/Fixtures/reference (copied from
/// shared/reference: metafor 3.8-1 and RevMan 5's algorithms), run end to end: a script is
/// written from each case's CSV exactly as `tools/reference-check` writes it, evaluated, printed
/// as JSON, read back, and compared field by field within the README's tolerances.
enum ReferenceCases {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/reference")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    struct Case {
        var name: String
        var type: String
        var rows: [[String: String]]
        var analyses: [[String: JSONTree]]
    }

    static func load(_ name: String) throws -> Case {
        let json = try JSONDecoder().decode(
            JSONTree.self, from: Data(contentsOf: directory.appendingPathComponent("\(name).json")))
        let csv = try String(contentsOf: directory.appendingPathComponent("\(name).csv"), encoding: .utf8)
        var lines = csv.split(whereSeparator: \.isNewline).map(String.init)
        let header = fields(lines.removeFirst()).map(\.text)
        let rows = lines.map { line in
            Dictionary(uniqueKeysWithValues: zip(header, fields(line).map { $0.quoted ? "\"\($0.text)\"" : $0.text }))
        }
        return Case(
            name: name, type: json["type"]!.string!, rows: rows, analyses: json["analyses"]!.array!.map { $0.object! })
    }

    /// The fields of a CSV line (the cases quote text, never with commas or quotes inside),
    /// each with whether it was quoted.
    static func fields(_ line: String) -> [(text: String, quoted: Bool)] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { field in
            field.hasPrefix("\"") && field.hasSuffix("\"") && field.count >= 2
                ? (String(field.dropFirst().dropLast()), true) : (String(field), false)
        }
    }

    static let dataColumns: Set<String> = [
        "study", "ai", "n1i", "ci", "n2i", "m1i", "sd1i", "m2i", "sd2i", "yi", "sei",
    ]

    /// A row's value without the quotes it was written with.
    static func plain(_ value: String) -> String {
        value.hasPrefix("\"") ? String(value.dropFirst().dropLast()) : value
    }

    static func studyLine(_ quotedRow: [String: String], type: String) -> String {
        let row = quotedRow.mapValues(plain)
        var attributes = ""
        if let year = row["year"], !year.isEmpty { attributes += " year \(year)" }
        if let group = row["group"], !group.isEmpty { attributes += " group \"\(group)\"" }
        // Any other column is an attribute, a number as a number, as tools/reference-check has it.
        for (column, value) in quotedRow.sorted(by: { $0.key < $1.key })
        where !dataColumns.contains(column) && column != "year" && column != "group" && !value.isEmpty {
            attributes += Double(value) != nil ? " \(column) \(value)" : " \(column) \"\(plain(value))\""
        }
        let data: String
        switch type {
        case "binary": data = "\(row["ai"]!)/\(row["n1i"]!) vs \(row["ci"]!)/\(row["n2i"]!)"
        case "continuous":
            data =
                "\(row["m1i"]!) sd \(row["sd1i"]!) n \(row["n1i"]!) vs \(row["m2i"]!) sd \(row["sd2i"]!) n \(row["n2i"]!)"
        default: data = "\(row["yi"]!) se \(row["sei"]!)"
        }
        return "study \"\(row["study"]!)\"\(attributes) < Y: \(data) >"
    }

    static func statement(_ a: [String: JSONTree], type: String) -> String {
        var options: [String] = []
        if type != "generic", let measure = a["measure"]?.string, measure != "GEN" {
            options.append("measure \(measure)")
        }
        if let method = a["method"]?.string { options.append("method \(method)") }
        if let model = a["model"]?.string { options.append("model \(model)") }
        if model(a) == "random", let tau = a["tau2_method"]?.string { options.append("tau \(tau)") }
        if a["hksj"] == .bool(true) { options.append("hksj") }
        if let convention = a["convention"]?.string { options.append("convention \(convention)") }
        let opts = options.joined(separator: " ")
        let kind = a["kind"]?.string ?? "pool"
        switch kind {
        case "subgroup": return "pool Y \(opts) by group"
        case "leave_one_out": return "sensitivity Y leave-one-out \(opts)"
        case "cumulative": return "cumulative Y by year \(opts)"
        case "egger", "begg", "trimfill": return "bias Y \(kind) \(opts)"
        case "metareg":
            let moderators = (a["moderators"]?.array ?? []).compactMap(\.string).joined(separator: " ")
            return "metareg Y on \(moderators) \(opts)"
        default: return "pool Y \(opts)"
        }
    }

    private static func model(_ a: [String: JSONTree]) -> String? { a["model"]?.string }

    /// One reference analysis: its case, its position there, the script that runs it alone and
    /// the expected JSON.
    struct Analysis: Sendable, CustomTestStringConvertible {
        var name: String
        var index: Int
        var script: String
        var statement: String
        var expected: [String: JSONTree]

        var testDescription: String { "\(name) #\(index + 1): \(statement)" }
    }

    /// Every analysis of every case, each a script of the case's studies and its one statement.
    static let all: [Analysis] = names.flatMap { name -> [Analysis] in
        guard let reference = try? load(name) else { return [] }
        // dat.baskerville2012 has two rows each of "Aspy et al. 2008" and "Hogg et al. 2008"
        // (different trials of one report), against the README's promise of unique labels; a
        // Forest script cannot define a study twice, so a repeated label gets " [2]". Labels
        // play no part in a meta-regression's numbers.
        var seen: [String: Int] = [:]
        let rows = reference.rows.map { row in
            var row = row
            let label = plain(row["study"] ?? "")
            seen[label, default: 0] += 1
            if seen[label]! > 1 { row["study"] = "\(label) [\(seen[label]!)]" }
            return row
        }
        let studies = rows.map { studyLine($0, type: reference.type) }.joined(separator: "\n")
        return reference.analyses.enumerated().map { index, expected in
            let line = statement(expected, type: reference.type)
            return Analysis(
                name: name, index: index, script: studies + "\n" + line + "\n", statement: line, expected: expected)
        }
    }

    /// Runs one analysis; returns one message per mismatch.
    static func check(_ analysis: Analysis) throws -> [String] {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "\(analysis.name).forest", text: analysis.script))
        guard !evaluation.hasErrors else { return [DiagnosticRenderer().render(evaluation.diagnostics)] }
        let text = JSONReport.document(evaluation.analyses).serialized()
        // Every output holds to the published schema (docs/forest-results.schema.json).
        let schemaProblems = SchemaCheck.problems(text)
        guard schemaProblems.isEmpty else { return schemaProblems }
        let results = try JSONDecoder().decode(JSONTree.self, from: Data(text.utf8))["results"]?.array ?? []
        guard results.count == 1 else { return ["\(results.count) results for one statement"] }
        let iterative = ["REML", "ML", "PM", "EB", "SJ"].contains(analysis.expected["tau2_method"]?.string ?? "")
        var problems: [String] = []
        Tolerance.compare(results[0], .object(analysis.expected), iterative: iterative, path: "", into: &problems)
        return problems
    }
}

/// The tolerances of shared/reference/README.md: |a − b| ≤ rtol·max(|a|, |b|) + atol, with
/// rtol = 1e-9, atol = 1e-12 for closed-form results and rtol = 1e-6, atol = 1e-8 for anything
/// resting on an iterative τ² estimator; p-values below 1e-300 need only be tiny; integers,
/// strings and nulls must match exactly.
enum Tolerance {
    static let skipped: Set<String> = ["call", "source", "case", "type", "metafor_version", "note", "notes"]

    static func close(_ got: JSONTree?, _ want: JSONTree, iterative: Bool) -> Bool {
        switch want {
        case .null:
            if got == nil || got == .null { return true }
            if case .number(let d)? = got { return d.isNaN }
            return false
        case .bool, .string:
            return got == want
        case .number(let w):
            guard case .number(let g)? = got else { return false }
            if abs(w) < 1e-300 && abs(g) < 1e-290 { return true }
            let (rtol, atol) = iterative ? (1e-6, 1e-8) : (1e-9, 1e-12)
            return abs(g - w) <= atol + rtol * max(abs(g), abs(w))
        case .array, .object:
            return false
        }
    }

    static func compare(
        _ got: JSONTree?, _ want: JSONTree, iterative: Bool, path: String, into problems: inout [String]
    ) {
        switch want {
        case .object(let fields):
            guard case .object(let actual)? = got else { problems.append("\(path): missing or not an object"); return }
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) where !skipped.contains(key) {
                compare(actual[key], value, iterative: iterative, path: "\(path).\(key)", into: &problems)
            }
        case .array(let items):
            guard case .array(let actual)? = got else { problems.append("\(path): missing or not a list"); return }
            if let first = items.first?.object, first["study"] != nil {
                var byName: [String: JSONTree] = [:]
                for item in actual { if let s = item["study"]?.string { byName[s] = item } }
                for item in items {
                    let study = item["study"]?.string ?? ""
                    compare(byName[study], item, iterative: iterative, path: "\(path)[\(study)]", into: &problems)
                }
            } else {
                guard actual.count == items.count else {
                    problems.append("\(path): \(actual.count) items, expected \(items.count)")
                    return
                }
                for (i, (g, w)) in zip(actual, items).enumerated() {
                    compare(g, w, iterative: iterative, path: "\(path)[\(i)]", into: &problems)
                }
            }
        default:
            if !close(got, want, iterative: iterative) {
                problems.append("\(path): got \(got.map { "\($0)" } ?? "nothing"), expected \(want)")
            }
        }
    }
}

@Suite("Reference analyses (metafor 3.8-1 and RevMan 5)")
struct ReferenceCaseTests {
    /// One named test per reference analysis ("bcg #3: pool Y measure RR …").
    @Test(arguments: ReferenceCases.all)
    func analysis(_ analysis: ReferenceCases.Analysis) throws {
        for problem in try ReferenceCases.check(analysis) { Issue.record(Comment(rawValue: problem)) }
    }

    /// The parameterised test above runs every analysis of the fixtures: 968, the 140
    /// meta-regressions of the mr_* cases among them.
    @Test func allAnalysesRun() throws {
        var total = 0
        for name in ReferenceCases.names { total += try ReferenceCases.load(name).analyses.count }
        #expect(total == 968)
        #expect(ReferenceCases.all.count == total)
        #expect(Set(ReferenceCases.all.map(\.testDescription)).count == total)
    }

    @Test func theComparisonCanFail() {
        #expect(!Tolerance.close(.number(1.0000001), .number(1), iterative: false))
        #expect(Tolerance.close(.number(1.0000001), .number(1), iterative: true))
        #expect(!Tolerance.close(.number(0), .null, iterative: false))
        #expect(Tolerance.close(.number(1e-301), .number(0), iterative: false))
        var problems: [String] = []
        Tolerance.compare(
            .object(["k": .number(3)]), .object(["k": .number(4), "p": .null]), iterative: false, path: "",
            into: &problems)
        #expect(problems.count == 1)
    }
}
