import ForestEval
import ForestRender
import ForestStats
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

@testable import ForestImport

/// `forest import REVIEW.rm5`: a RevMan 5 review as a script that reproduces RevMan's results.
@Suite("RevMan 5 import")
struct RevManImportTests {
    static let fixture = ExampleTests.root.appendingPathComponent("Tests/Fixtures/revman/small.rm5")

    static func imported(_ url: URL) throws -> String {
        let review = try RevManReview.read(try Data(contentsOf: url)).get()
        return try RevManScript.text(review, source: url.lastPathComponent + " (RevMan 5)")
    }

    static func run(_ script: String) -> Evaluation {
        var session = Session()
        return session.evaluate(SourceFile(name: "imported.forest", text: script))
    }

    /// The fixture has the awkward parts of real files: ISO-8859-1 text (Müller), escaped ids
    /// (`STD-ISIS_x002d_2`), a footnote inside a data row, subgroups, generic and O−E data,
    /// a study without data and one without a judgement.
    @Test func aSmallReviewBecomesTheGoldenScriptAndRuns() throws {
        let script = try Self.imported(Self.fixture)
        Golden().check("small-rm5.forest", script)
        let evaluation = Self.run(script)
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        #expect(evaluation.analyses.count == 3)
        // O−E and variance: ln(Peto OR) = Σ(O−E)/ΣV, SE 1/√ΣV (fixed effect, inverse variance).
        guard case .pool(let oe) = evaluation.analyses[2] else { Issue.record("not a pool"); return }
        #expect(abs(oe.result.estimate! - (-6.5 / 21.25)) < 1e-12)
        #expect(abs(oe.result.standardError! - 1 / 21.25.squareRoot()) < 1e-12)
    }

    /// A small RevMan Web data package of my own in the package's format: BOMs, a quoted
    /// footnote with a comma, subgroups, generic data, judgements of every kind.
    @Test func aSmallWebPackageBecomesTheGoldenScriptAndRuns() throws {
        let folder = Self.fixture.deletingLastPathComponent().appendingPathComponent("web-package")
        let review = try RevManWebPackage.read(folder: folder.path).get()
        let script = try RevManScript.text(review, source: "web-package (a RevMan Web data package)")
        Golden().check("web-package.forest", script)
        let evaluation = Self.run(script)
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        #expect(evaluation.analyses.count == 2)
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        guard case .failure(let failure) = RevManWebPackage.read(folder: empty.path) else {
            Issue.record("a folder without a package was read")
            return
        }
        #expect(failure.message.hasPrefix("no file ending in -overall-estimates-and-settings.csv"))
    }

    @Test func theIDsEscapesAreUndone() {
        #expect(RevManReview.unescapedID("STD-ISIS_x002d_2") == "STD-ISIS-2")
        #expect(RevManReview.unescapedID("STD-M_x00fc_ller") == "STD-Müller")
        #expect(RevManReview.unescapedID("a_xZZ_b_x") == "a_xZZ_b_x")
    }

    @Test func malformedFilesAreLocatedErrors() throws {
        let data = try Data(contentsOf: Self.fixture)
        let truncated = data.prefix(data.count / 2)
        guard case .failure(let failure) = RevManReview.read(Data(truncated)) else {
            Issue.record("a truncated file was read")
            return
        }
        #expect(failure.line != nil && failure.message.hasPrefix("the XML is malformed"))
        guard case .failure(let other) = RevManReview.read(Data("<html><body/></html>".utf8)) else {
            Issue.record("an HTML file was read")
            return
        }
        #expect(other.message == "not a RevMan 5 review file")
        // Latin-1 bytes in a file that says it is UTF-8.
        let latin1 = try Data(contentsOf: Self.fixture)
        let declaredUTF8 = Data(
            latin1.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 ? Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".utf8) : Array($0.element) }
                .joined(separator: [UInt8(ascii: "\n")]))
        guard case .failure(let encoding) = RevManReview.read(declaredUTF8) else {
            Issue.record("Latin-1 bytes in a file declared UTF-8 were read")
            return
        }
        #expect(encoding.line != nil && encoding.message.hasPrefix("the XML is malformed"))
        // A data row without one of its numbers.
        let missing = try RevManReview.read(
            Data(
                String(decoding: latin1, as: Unicode.ASCII.self).replacing(" EVENTS_2=\"64\"", with: "").utf8
            )
        ).get()
        #expect(throws: RevManScript.Problem.self) { try RevManScript.text(missing, source: "x.rm5") }
        let unknownStudy = String(decoding: data, as: UTF8.self).replacing(
            "STUDY_ID=\"STD-CDP\" VAR", with: "STUDY_ID=\"STD-Nobody\" VAR")
        let review = try RevManReview.read(Data(unknownStudy.utf8)).get()
        #expect(throws: RevManScript.Problem.self) { try RevManScript.text(review, source: "x.rm5") }
    }
}

/// The real RevMan 5 file of Fleiss (1993), read in place from the steering repository's
/// shared/ folder (skipped, with this reason, where it is absent).
@Suite("RevMan 5 import of a real review", .enabled(if: RevManFile.available, "needs ../shared/data/revman"))
struct RevManRealImportTests {
    @Test func theImportedScriptReproducesRevMansCachedResults() throws {
        let script = try RevManImportTests.imported(RevManFile.url)
        let evaluation = RevManImportTests.run(script)
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        let xml = try String(contentsOf: RevManFile.url, encoding: .isoLatin1)
        let outcome = try #require(RevManFile.elements("DICH_OUTCOME", in: xml).first)
        guard case .pool(let pool)? = evaluation.analyses.first else { Issue.record("no result"); return }
        let r = pool.result
        func close(_ value: Double?, _ key: String, _ element: [String: String] = outcome, rel: Double = 1e-9) {
            let expected = Double(element[key]!)!
            #expect(abs(value! - expected) <= rel * abs(expected), "\(key): \(value!) vs RevMan's \(expected)")
        }
        close(exp(r.estimate!), "EFFECT_SIZE")
        close(exp(r.interval!.lower), "CI_START")
        close(exp(r.interval!.upper), "CI_END")
        close(r.heterogeneity.q, "CHI2")
        close(r.heterogeneity.i2, "I2")
        close(abs(r.statistic!.value), "Z")
        close(r.pValue, "P_Z", rel: 1e-6)
        close(r.heterogeneity.pValue, "P_CHI2", rel: 1e-6)
        let rows = RevManFile.elements("DICH_DATA", in: xml)
        #expect(r.studies.count == rows.count)
        for (label, study) in zip(pool.studies.map(\.label), r.studies) {
            let row = try #require(rows.first { RevManReview.unescapedID($0["STUDY_ID"]!) == "STD-\(label)" })
            close(study.weightPercent, "WEIGHT", row)
            close(exp(study.effect!.y), "EFFECT_SIZE", row)
            close(exp(study.interval!.lower), "CI_START", row)
            close(exp(study.interval!.upper), "CI_END", row)
        }
    }

    /// RevMan Web's data package of the same review: the imported script reproduces the
    /// package's own overall estimates and each study's weight and CI to the digits it prints
    /// (six decimals).
    @Test func theWebPackageReproducesItsOwnEstimatesToTheirDigits() throws {
        let folder = RevManFile.url.deletingLastPathComponent().appendingPathComponent("Fleiss1993-webpackage")
        let review = try RevManWebPackage.read(folder: folder.path).get()
        let script = try RevManScript.text(review, source: "Fleiss1993-webpackage")
        let evaluation = RevManImportTests.run(script)
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        guard case .pool(let pool)? = evaluation.analyses.first else { Issue.record("no result"); return }
        let r = pool.result
        func printed(_ value: Double?, _ text: String) {
            #expect(abs(value! - Double(text)!) <= 0.5e-6 + 1e-12, "\(value!) printed as \(text)")
        }
        // The package's overall-estimates row of analysis 1.1.
        printed(exp(r.estimate!), "0.896866")
        printed(exp(r.interval!.lower), "0.840514")
        printed(exp(r.interval!.upper), "0.956995")
        printed(r.heterogeneity.q, "9.946056")
        printed(r.heterogeneity.pValue, "0.126942")
        printed(r.heterogeneity.i2, "39.67458")
        printed(abs(r.statistic!.value), "3.287633")
        printed(r.pValue, "0.00101")
        #expect(r.heterogeneity.df == 6)
        // Each study's weight, estimate and CI from the data rows.
        let rows = try String(
            contentsOf: folder.appendingPathComponent(
                "921923100913455418-analysis-data/921923100913455418-data-rows.csv"),
            encoding: .utf8
        ).split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        for (label, study) in zip(pool.studies.map(\.label), r.studies) {
            let row = try #require(rows.first { $0[1] == "1" && $0[5] == label })
            printed(study.weightPercent, row[19])
            printed(exp(study.effect!.y), row[20])
            printed(exp(study.interval!.lower), row[21])
            printed(exp(study.interval!.upper), row[22])
        }
    }

    /// `--format csv` has RevMan's CSV export's numbers (printed there with eight decimals): each
    /// study's estimate, SE, CI and weight, and the totals' estimate, CI, Q, P, I², Z, P and df.
    @Test func csvResultsHaveTheNumbersOfRevMansOwnExport() throws {
        let script = try RevManImportTests.imported(RevManFile.url) + "pool A1_2 measure MD\n"
        let evaluation = RevManImportTests.run(script)
        let csv = ReportFormats.named("csv")!.render(evaluation.analyses, title: nil)
        let ours = csv.split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = ours[0]
        let export = try String(
            contentsOf: RevManFile.url.deletingLastPathComponent().appendingPathComponent("Fleiss1993_CR.csv"),
            encoding: .utf8
        ).split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let exportHeader = export[0]
        func compare(_ mine: [String], _ theirs: [String], _ columns: [String]) {
            for column in columns {
                let a = Double(mine[header.firstIndex(of: column)!]),
                    b = Double(theirs[exportHeader.firstIndex(of: column)!])
                #expect(a != nil && b != nil, "\(column) of \(mine[4])")
                guard let a, let b else { continue }
                // RevMan's P values are good to about 1e-6 (its chi-square tail), the rest to its digits.
                let tolerance = column.hasPrefix("P(") ? 1e-6 * abs(b) + 5e-9 : 5e-9 + 1e-8 * abs(b)
                #expect(abs(a - b) <= tolerance, "\(column) of \(mine[4]): \(a) vs RevMan's \(b)")
            }
        }
        // Analysis 1.1 (outcome A1_1) and the MD pooling of 1.2 (our analysis 3).
        for (analysis, outcome) in [("1", "1"), ("3", "2")] {
            let mine = ours.filter { $0[0] == analysis }
            let theirs = export.filter { $0.count > 3 && $0[0] == "1" && $0[1] == outcome }
            #expect(mine.count == theirs.count, "analysis \(analysis)")
            for row in mine where row[3] == "study" {
                let match = try #require(theirs.first { $0[3] == row[4] })
                compare(row, match, ["Effect Estimate", "SE", "CI Start", "CI End", "Weight"])
            }
            let total = try #require(mine.first { $0[3] == "total" })
            compare(
                total, theirs[0], ["Effect Estimate", "CI Start", "CI End", "Q", "P(Q)", "I²(Q)", "Z", "P(Z)", "df"])
        }
    }

    /// The continuous outcome is declared SMD and has no cached results; RevMan's CSV export
    /// shows it pooled as MD: −0.70938839 [−1.25848502, −0.16029176], Chi² 5.66012379, I² 29.33%.
    @Test func theContinuousOutcomeKeepsItsMeasureAndPooledAsMDMatchesTheExport() throws {
        let script = try RevManImportTests.imported(RevManFile.url)
        #expect(script.contains("outcome A1_2 label \"Mental Health Treatment versus Control\""))
        #expect(script.contains("measure SMD"))
        let evaluation = RevManImportTests.run(script + "pool A1_2 measure MD\n")
        guard case .pool(let md)? = evaluation.analyses.last else { Issue.record("no result"); return }
        let r = md.result
        #expect(abs(r.estimate! - -0.70938839) < 1e-8)
        #expect(abs(r.interval!.lower - -1.25848502) < 1e-8)
        #expect(abs(r.interval!.upper - -0.16029176) < 1e-8)
        #expect(abs(r.heterogeneity.q! - 5.66012379) < 1e-8)
        #expect(abs(r.heterogeneity.i2! - 29.33) < 0.01)
    }
}

/// RevMan's quality items as RoB 1 domains: only when every judged item names one domain.
@Suite("RevMan risk-of-bias items")
struct RevManRobDomainTests {
    static func review(_ names: [String]) -> RevManReview {
        var review = RevManReview()
        for (index, name) in names.enumerated() {
            review.qualityItems.append(.init(number: "\(index + 1)", name: name, judgements: [("STD-A", "YES")]))
        }
        return review
    }

    @Test func revMan53NamesAreDomains() throws {
        let names = [
            "Random sequence generation (selection bias)", "Allocation concealment (selection bias)",
            "Blinding of participants and personnel (performance bias)",
            "Blinding of outcome assessment (detection bias)", "Incomplete outcome data (attrition bias)",
            "Selective reporting (reporting bias)", "Other bias",
        ]
        let domains = try #require(RevManScript.robDomains(Self.review(names)))
        #expect(
            domains.map(\.domain) == [
                "sequence", "allocation", "performance", "detection", "attrition", "reporting", "other",
            ])
    }

    /// RevMan 5.0's single "Blinding?" is performance or detection bias: kept as attributes.
    @Test func anAmbiguousItemKeepsAttributes() {
        #expect(RevManScript.robDomains(Self.review(["Adequate sequence generation?", "Blinding?"])) == nil)
        #expect(RevManScript.robDomains(Self.review(["Sequence generation", "Random sequence generation"])) == nil)
    }
}
