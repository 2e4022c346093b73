import ForestEval
import ForestStats
import ForestSyntax
import Foundation
import Testing

/// RevMan 5's own numbers in a real review file (shared/data/revman/Fleiss1993.rm5, written by
/// RevMan 5.0.23; read in place, not copied). Skipped where the steering repository's shared/
/// folder is not beside the project.
@Suite("RevMan 5 file", .enabled(if: RevManFile.available))
struct RevManFileTests {
    @Test func dichotomousOutcomeMatchesRevMansResults() throws {
        let xml = try String(contentsOf: RevManFile.url, encoding: .isoLatin1)
        let outcome = try #require(RevManFile.elements("DICH_OUTCOME", in: xml).first)
        let rows = RevManFile.elements("DICH_DATA", in: xml)
        #expect(rows.count == 7)
        let script =
            rows.map { row in
                "study \"\(row["STUDY_ID"]!)\" < Y: \(row["EVENTS_1"]!)/\(row["TOTAL_1"]!) vs \(row["EVENTS_2"]!)/\(row["TOTAL_2"]!) >"
            }.joined(separator: "\n") + "\npool Y\n"
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "fleiss.forest", text: script))
        guard case .pool(let pool)? = evaluation.analyses.first else { Issue.record("no result"); return }
        let r = pool.result
        func value(_ key: String, _ element: [String: String] = outcome) -> Double { Double(element[key]!)! }
        // RevMan stores its doubles with about 16 digits; the formulas are the same.
        let rel = 1e-12
        #expect(abs(exp(r.estimate!) - value("EFFECT_SIZE")) <= rel * value("EFFECT_SIZE"))
        #expect(abs(exp(r.interval!.lower) - value("CI_START")) <= rel * value("CI_START"))
        #expect(abs(exp(r.interval!.upper) - value("CI_END")) <= rel * value("CI_END"))
        #expect(abs(r.heterogeneity.q! - value("CHI2")) <= rel * value("CHI2"))
        #expect(abs(r.heterogeneity.i2! - value("I2")) <= 1e-10 * value("I2"))
        // RevMan's own chi-square tail is good to about 6e-7 here (0.1269422521561745); the exact
        // value, from mpmath at 30 digits, is 0.126942177906294875843.
        #expect(abs(r.heterogeneity.pValue! - value("P_CHI2")) <= 1e-6 * value("P_CHI2"))
        #expect(abs(r.heterogeneity.pValue! - 0.126942177906294875843) <= 1e-13)
        #expect(abs(abs(r.statistic!.value) - value("Z")) <= rel * value("Z"))
        #expect(abs(r.pValue! - value("P_Z")) <= 1e-10 * value("P_Z"))
        for (row, study) in zip(rows, r.studies) {
            #expect(abs(study.weightPercent - value("WEIGHT", row)) <= 1e-10 * value("WEIGHT", row))
            #expect(abs(exp(study.effect!.y) - value("EFFECT_SIZE", row)) <= rel * value("EFFECT_SIZE", row))
            #expect(abs(study.effect!.v - value("VAR", row)) <= rel * value("VAR", row))
        }
    }
}

enum RevManFile {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data/revman/Fleiss1993.rm5").standardized

    static var available: Bool { FileManager.default.fileExists(atPath: url.path) }

    /// The attributes of every `<NAME …>` element, in document order.
    static func elements(_ name: String, in xml: String) -> [[String: String]] {
        let element = try! NSRegularExpression(pattern: "<\(name)\\s([^>]*)>")
        let attribute = try! NSRegularExpression(pattern: #"([A-Z_0-9]+)="([^"]*)""#)
        let ns = xml as NSString
        return element.matches(in: xml, range: NSRange(location: 0, length: ns.length)).map { match in
            let body = ns.substring(with: match.range(at: 1))
            let b = body as NSString
            var attributes: [String: String] = [:]
            for a in attribute.matches(in: body, range: NSRange(location: 0, length: b.length)) {
                attributes[b.substring(with: a.range(at: 1))] = b.substring(with: a.range(at: 2))
            }
            return attributes
        }
    }
}
