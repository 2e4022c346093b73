import ForestEval
import ForestFiles
import ForestRender
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// Every script in Examples/ runs without an error, and its text and JSON output are golden
/// files (Tests/ScriptTests/Golden; FOREST_UPDATE_GOLDEN=1 rewrites them).
@Suite("Examples")
struct ExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var examples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Examples").path)) ?? [])
            .filter { $0.hasSuffix(".forest") }.sorted()
    }

    @Test(arguments: examples)
    func runsCleanlyAndMatchesItsGoldenOutput(_ name: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Examples/\(name)"), encoding: .utf8)
        var session = Session()
        // As `forest run` reads them: CSV files beside the script.
        session.readTable = CSVTableFile.read
        let path = Self.root.appendingPathComponent("Examples/\(name)").path
        let evaluation = session.evaluate(SourceFile(name: path, text: text))
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        #expect(!evaluation.analyses.isEmpty)
        let base = String(name.dropLast(".forest".count))
        Golden().check("\(base).txt", TextReport().render(evaluation.analyses))
        let title = session.title?.value
        let json = JSONReport.document(evaluation.analyses, title: title).serialized(indent: 2) + "\n"
        Golden().check("\(base).json", json)
        #expect(SchemaCheck.problems(json) == [], "docs/forest-results.schema.json")
        Golden().check(
            "\(base).csv", ReportFormats.named("csv")!.render(evaluation.analyses, title: session.title?.value))
        // The writers `forest run` streams through give the same bytes as the whole reports.
        #expect(
            ReportFormats.named("text")!.render(evaluation.analyses, title: title)
                == TextReport().render(evaluation.analyses, title: title))
        #expect(
            ReportFormats.named("json")!.render(evaluation.analyses, title: title)
                == JSONReport.document(evaluation.analyses, title: title).serialized(indent: 2) + "\n")
        #expect(
            ReportFormats.named("json")!.render([], title: nil)
                == "{\n  \"schema\": \"forest-results/1\",\n  \"title\": null,\n  \"results\": []\n}\n")
    }
}

/// The schema check itself catches what it should: a missing field, an unknown one, a wrong
/// type, a kind no schema describes.
@Suite("Results schema")
struct ResultsSchemaTests {
    @Test func theCheckFindsWhatDoesNotConform() throws {
        let good = try String(
            contentsOf: ExampleTests.root.appendingPathComponent("Tests/ScriptTests/Golden/aspirin-csv.json"),
            encoding: .utf8)
        #expect(SchemaCheck.problems(good) == [])
        for (broken, why) in [
            (good.replacing("\"k\": 7,", with: ""), "missing k"),
            (good.replacing("\"k_all\": 7,", with: "\"k_all\": 7, \"extra\": 1,"), "an unknown field"),
            (good.replacing("\"hksj\": false", with: "\"hksj\": 0"), "a number for a boolean"),
            (good.replacing("\"kind\": \"pool\"", with: "\"kind\": \"poll\""), "an unknown kind"),
            (good.replacing("\"schema\": \"forest-results/1\"", with: "\"schema\": \"forest-results/2\""), "version"),
        ] {
            #expect(good != broken, "\(why): the edit did not apply")
            #expect(!SchemaCheck.problems(broken).isEmpty, "\(why) passed the check")
        }
    }
}
