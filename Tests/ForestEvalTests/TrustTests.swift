import ForestEval
import ForestRender
import ForestStats
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// Issue 9, inside the session: extreme numbers give finite right answers or words, never
/// NaN, ∞ or a hang; labels are never changed; the small items of the issue.
@Suite("Trust: numbers and the session")
struct SessionTrustTests {
    static func run(_ script: String) -> (Evaluation, text: String, json: String) {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: script))
        let text = TextReport(style: TextStyle(plot: true)).render(evaluation.analyses)
        let json = JSONReport.document(evaluation.analyses).serialized(indent: 2)
        #expect(SchemaCheck.problems(json) == [], "docs/forest-results.schema.json")
        return (evaluation, text, json)
    }

    static func pool(_ evaluation: Evaluation, _ index: Int = 0) throws -> PoolResult {
        let pools = evaluation.analyses.compactMap { if case .pool(let p) = $0 { p.result } else { nil } }
        return try #require(index < pools.count ? pools[index] : nil)
    }

    /// Nothing a person reads shows NaN or infinity, or a number wider than a column.
    static func expectShowable(_ text: String, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in ["NaN", "∞", "nan", "inf"] {
            #expect(!text.contains(word), "text shows \(word):\n\(text)", sourceLocation: sourceLocation)
            #expect(!json.contains(word), "JSON shows \(word)", sourceLocation: sourceLocation)
        }
        let numbers = text.split(whereSeparator: { " [],;()\n".contains($0) }).filter { $0.contains(where: \.isNumber) }
        let longest = numbers.map(\.count).max() ?? 0
        #expect(longest < 20, "a very long number in:\n\(text)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["REML", "ML", "EB", "PM", "SJ", "HE", "DL"])
    func item4_hugeStandardErrorsDoNotHang(_ tau: String) throws {
        let start = Date()
        let (evaluation, text, json) = Self.run(
            "study \"A\" < Y: 1 se 1e100 >\nstudy \"B\" < Y: 2 se 1e100 >\npool Y model random tau \(tau)\n")
        #expect(Date().timeIntervalSince(start) < 5)
        let result = try Self.pool(evaluation)
        #expect(result.tau2 == 0)
        Self.expectShowable(text, json)
    }

    @Test(arguments: ["REML", "ML", "EB", "PM"])
    func item4_hugeMeansDoNotHang(_ tau: String) throws {
        let start = Date()
        let script = """
            study "A" < Y: 1e100 sd 2 n 20 vs -1e100 sd 2 n 20 >
            study "B" < Y: -1e100 sd 3 n 30 vs 1e100 sd 3 n 30 >
            study "C" < Y: 5e99 sd 1 n 10 vs 0 sd 1 n 10 >
            pool Y measure MD model random tau \(tau)
            """
        let (evaluation, text, json) = Self.run(script)
        #expect(Date().timeIntervalSince(start) < 5)
        // Either a finite τ² of the order of the spread, or a located error; never a silent 0.
        if let result = try? Self.pool(evaluation) {
            #expect(result.tau2 > 1e199 && result.tau2.isFinite, "τ² = \(result.tau2)")
        } else {
            #expect(evaluation.diagnostics.contains { $0.id == .notConverged })
        }
        Self.expectShowable(text, json)
    }

    @Test(arguments: ["REML", "ML", "EB", "PM", "SJ", "HE", "DL"])
    func item4_meansFarBeyondTheirStandardErrorsDoNotCrash(_ tau: String) throws {
        // A spread of 1e140 over variances of 1e-200: no scale brings both near 1 (found in review).
        let (evaluation, text, json) = Self.run(
            "study \"A\" < Y: 1e70 se 1e-100 >\nstudy \"B\" < Y: -1e70 se 1e-100 >\nstudy \"C\" < Y: 3e69 se 1e-99 >\n"
                + "pool Y model random tau \(tau)\n")
        // A finite τ² of the order of the spread, or a located error; never a crash.
        if case .pool(let pool)? = evaluation.analyses.first {
            #expect(pool.result.tau2.isFinite && pool.result.tau2 > 1e139, "τ² = \(pool.result.tau2)")
        } else {
            #expect(evaluation.hasErrors)
        }
        Self.expectShowable(text, json)
    }

    @Test func item6_tinyStandardErrorsGiveTheRightTau2() throws {
        let (evaluation, text, json) = Self.run(
            "study \"A\" < Y: -1 se 1e-100 >\nstudy \"B\" < Y: 1 se 1e-100 >\npool Y model random\n")
        let result = try Self.pool(evaluation)
        // DL: τ² = (Q − 1)/(Σw − Σw²/Σw) = (2e200 − 1)/(1e200) → 2.
        #expect(abs(result.tau2 - 2) < 1e-12, "τ² = \(result.tau2)")
        #expect(result.heterogeneity.q.map { abs($0 / 2e200 - 1) < 1e-12 } == true)
        let ci = try #require(result.heterogeneityIntervals)
        #expect(ci.tau2.lower > 0 && ci.tau2.upper.isFinite)
        #expect(text.contains("Tau² = 2.00; Chi² = 2.00e+200"), "\(text)")
        Self.expectShowable(text, json)
    }

    @Test func item6_identicalStudiesWithHKSJHaveNoTStatistic() throws {
        let (evaluation, text, json) = Self.run(
            "study \"A\" < Y: 1 se 0.1 >\nstudy \"B\" < Y: 1 se 0.1 >\nstudy \"C\" < Y: 1 se 0.1 >\npool Y model random hksj\n"
        )
        let result = try Self.pool(evaluation)
        #expect(result.statistic == nil && result.pValue == nil)
        #expect(evaluation.diagnostics.map(\.id) == [.notEstimable])
        #expect(text.contains("Test for overall effect: Not estimable (the Knapp-Hartung SE is 0)"))
        #expect(json.contains("\"z\": null"))
        Self.expectShowable(text, json)
    }

    @Test func item6_anOverflowingRatioIsSaidInWords() throws {
        let (evaluation, text, json) = Self.run("outcome Y scale log\nstudy \"A\" < Y: 800 se 0.2 >\npool Y\n")
        #expect(evaluation.diagnostics.map(\.id) == [.notEstimable])
        #expect(text.contains("> 1.8e308 [> 1.8e308, > 1.8e308]"))
        #expect(json.contains("\"estimate\": null") && json.contains("\"log_estimate\": 800"))
        Self.expectShowable(text, json)
    }

    @Test func item6_anUnboundedQProfileUpperBoundIsSaidInWords() throws {
        // Two studies far apart with tiny SEs: Q(τ²) stays above the χ² quantile up to 1e12.
        let (evaluation, text, json) = Self.run(
            "study \"A\" < Y: -1e6 se 1 >\nstudy \"B\" < Y: 1e6 se 1 >\npool Y model random\n")
        let ci = try #require(try Self.pool(evaluation).heterogeneityIntervals)
        if ci.upperBeyond != nil {
            #expect(text.contains("> "), "\(text)")
            #expect(json.contains("\"tau2_ci_upper\": null"))
        }
        Self.expectShowable(text, json)
    }

    @Test func item10_anEmptyCumulativeRowHasNoDegreesOfFreedom() throws {
        let script = """
            study "Z" year 1990 < X: 0/20 vs 0/20 >
            study "A" year 1991 < X: 3/20 vs 5/20 >
            study "B" year 1992 < X: 4/25 vs 6/25 >
            cumulative X by year convention metafor
            """
        let (evaluation, _, json) = Self.run(script)
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics)")
        let first = try #require(json.range(of: "\"added\": \"Z\""))
        let row = json[first.upperBound...].prefix(while: { $0 != "}" })
        #expect(row.contains("\"k\": 0") && row.contains("\"df\": null") && row.contains("\"Q\": null"), "\(row)")
    }

    @Test func item11_revmanI2IsNotPrintedBesideAnotherI2sInterval() throws {
        let script = """
            study "A" < X: 3/20 vs 15/20 >
            study "B" < X: 14/25 vs 6/25 >
            study "C" < X: 7/30 vs 26/31 >
            study "D" < X: 17/30 vs 6/31 >
            pool X model random tau REML
            pool X model random tau REML convention metafor
            pool X model random
            """
        let (evaluation, text, json) = Self.run(script)
        let revman = try Self.pool(evaluation, 0)
        #expect(revman.heterogeneityIntervals?.i2 == nil)
        #expect(try Self.pool(evaluation, 1).heterogeneityIntervals?.i2 != nil)
        #expect(try Self.pool(evaluation, 2).heterogeneityIntervals?.i2 != nil)
        let lines = text.split(separator: "\n").filter { $0.contains("Q-profile") }
        #expect(lines.count == 3 && !lines[0].contains("I²") && lines[1].contains("I²") && lines[2].contains("I²"))
        #expect(json.contains("\"I2_ci_lower\": null"))
    }

    @Test func item12_aHintNeverSuggestsTheNameTyped() {
        #expect(Suggest.nearest("control", among: ["control", "contro1", "alloc"]) == ["contro1"])
        #expect(Suggest.help("control", among: ["control"]) == nil)
    }

    @Test func labelsAreKeptExactlyInEveryOutput() throws {
        let labels = ["Müller 2019", "李 2014 Zoë", "O'Brien \"Jr\"", "Ørsted–Smith"]
        var script = ""
        for (i, label) in labels.enumerated() {
            let escaped = label.replacingOccurrences(of: "\"", with: "\\\"")
            script += "study \"\(escaped)\" < X: \(i + 2)/20 vs 5/20 >\n"
        }
        let (evaluation, text, json) = Self.run(script + "pool X\n")
        #expect(!evaluation.hasErrors)
        for label in labels {
            #expect(text.contains(label))
            #expect(json.contains(JSONValue.quote(label)))
        }
    }

    @Test func cjkLabelsKeepTheColumnsAligned() throws {
        let (_, text, _) = Self.run(
            "study \"李 2014\" < X: 3/20 vs 5/20 >\nstudy \"Smith 2015\" < X: 4/25 vs 6/25 >\npool X\n")
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("李") || $0.hasPrefix("Smith") }
        #expect(rows.count >= 2)
        let widths = rows.prefix(2).map { VisibleText.displayWidth(String($0.prefix { $0 != "%" })) }
        #expect(widths[0] == widths[1], "\(rows)")
    }
}
