import ForestEval
import ForestFiles
import ForestRender
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// `report to "FILE"`: the whole review in one HTML page or Markdown file, and the results
/// sentences (`--format sentences`).
@Suite("Review report")
struct ReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ script: String, name: String = "t.forest") -> (Session, Evaluation) {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: name, text: script))
        return (session, evaluation)
    }

    /// The seed example's report (the last statement of Examples/hcc-seed.forest).
    static func seedReport() throws -> ReviewReport {
        let path = root.appendingPathComponent("Examples/hcc-seed.forest").path
        let (_, evaluation) = run(try String(contentsOfFile: path, encoding: .utf8), name: path)
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        guard case .report(let report)? = evaluation.analyses.last else {
            throw ReportMissing()
        }
        return report
    }

    struct ReportMissing: Error {}

    /// The report's outline as lines: each section (by id) and heading, then what it holds in
    /// order — figures by caption, tables by size, sentences — for a golden file that shows
    /// the structure without every number and path of the figures.
    static func structure(_ html: String) -> String {
        var lines: [String] = []
        var rows = 0
        for line in html.split(separator: "\n", omittingEmptySubsequences: true) {
            if let id = line.firstMatch(of: /^<section id="([^"]+)"/) {
                lines.append("section #\(id.1)")
            } else if let h = line.firstMatch(of: /^<h([123])>(.*)<\/h[123]>$/) {
                lines.append("  h\(h.1) \(h.2)")
            } else if let caption = line.firstMatch(of: /^<figcaption>(.*)<\/figcaption>$/) {
                lines.append("    figure: \(caption.1)")
            } else if line.hasPrefix("<tr") {
                rows += 1
            } else if line == "</tbody>" {
                lines.append("    table: \(rows) rows")
                rows = 0
            } else if let sentence = line.firstMatch(of: /^<p class="sentence">(.*)<\/p>$/) {
                lines.append("    sentence: \(sentence.1)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func theSeedReportHasEveryPartInOrder() throws {
        let report = try Self.seedReport()
        let html = HTMLReport.render(report)
        Golden().check("hcc-seed-report-structure.txt", Self.structure(html))
        let sections = html.matches(of: /<section id="([^"]+)"/).map { String($0.1) }
        let parts = [
            "methods", "prisma", "characteristics", "risk-of-bias", "analyses", "summary-of-findings", "references",
        ]
        #expect(sections.filter(parts.contains) == parts)
        // One SVG per figure: PRISMA, RoB graph and summary, and a forest plot for each of the
        // seven pooled analyses (six outcomes and the subgroups by stage).
        #expect(html.matches(of: /<svg\s/).count == 10)
        #expect(html.matches(of: /<figure>/).count == 10)
        // Self-contained: nothing from the web, no script.
        #expect(!html.lowercased().contains("http"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<?xml"))
        // Every link leads to an anchor of the page; each study's name links to its row.
        let ids = Set(html.matches(of: /\sid="([^"]+)"/).map { String($0.1) })
        let targets = html.matches(of: /href="#([^"]+)"/).map { String($0.1) }
        #expect(targets.allSatisfy(ids.contains), "\(targets.filter { !ids.contains($0) })")
        for study in ["ke-2011", "ding-2016", "li-2014", "wang-2018", "zhou-2015"] {
            #expect(html.contains("<tr id=\"study-\(study)\">"))
            #expect(html.contains("href=\"#study-\(study)\""))
        }
        #expect(
            html.contains("<p class=\"sentence\">Partial response: OR = 2.13, 95% CI: 1.33–3.42, P = 0.002; I² = 0%"))
        // The PR forest plot the script draws with its risk-of-bias columns is the one shown.
        #expect(html.contains("Risk of bias</text>") || html.contains(">Risk of bias<"))
    }

    @Test func theMethodsSayWhatWasUsedAndCiteItsReferences() throws {
        let html = HTMLReport.render(try Self.seedReport())
        for words in [
            "Complete response and Complete response by HCC stage: odds ratios (OR) with 95% confidence intervals, pooled by the Mantel–Haenszel method",
            "in a random-effects model, with τ² estimated by the DerSimonian–Laird estimator (DerSimonian &amp; Laird 1986)",
            "Partial response, Stable disease, Progressive disease, 1-year survival and Adverse events: odds ratios (OR)",
            "in a fixed-effect model",
            "Sensitivity analyses left out one study at a time (Partial response, Progressive disease and Adverse events).",
            "RoB 1 (Higgins et al. 2011)", "GRADE (Guyatt et al. 2013)", "PRISMA 2020 recommends (Page et al. 2021)",
            "Forest \(ForestVersion.current), following the algorithms of Review Manager 5 (Deeks &amp; Higgins 2010)",
        ] {
            #expect(html.contains(words), "\(words)")
        }
        // Each reference cited, once, in order of first citation; none that is not cited.
        let references = html.matches(of: /<li>([^<]*\. [^<]*)<\/li>/).map { String($0.1) }
        #expect(
            references.first?.hasPrefix("Deeks JJ, Higgins JPT. Statistical algorithms in Review Manager 5") == true)
        #expect(references.contains { $0.hasPrefix("DerSimonian R, Laird N.") })
        #expect(!references.contains { $0.hasPrefix("Egger M") })
        #expect(Set(references).count == references.count)
    }

    static let small = """
        review "Small <review> & co"
        outcome Y label "Deaths" arms "New" "Old"
        study "Alpha 2001" year 2001 < Y: 3/20 vs 6/20 >
        study "Beta 2003" year 2003 < Y: 5/25 vs 9/24 >
        study "Gamma 2005" year 2005 < Y: 2/30 vs 7/31 >
        pool Y
        pool Y model random by year
        sensitivity Y leave-one-out
        funnel Y to "funnel.svg"
        report to "small.html"
        """

    @Test func aSmallReportIsGoldenInBothFormats() throws {
        let (_, evaluation) = Self.run(Self.small)
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        guard case .report(let report)? = evaluation.analyses.last else { throw ReportMissing() }
        #expect(report.analyses.count == 4)
        #expect(evaluation.outputs.map(\.path) == ["funnel.svg", "small.html"])
        let html = HTMLReport.render(report)
        Golden().check("report-small.html", html)
        Golden().check("report-small.md", MarkdownReport.render(report))
        // The title is escaped; the funnel plot the script drew is its own section.
        #expect(html.contains("<title>Small &lt;review&gt; &amp; co</title>"))
        #expect(html.contains("<h3>Funnel plot: Deaths — Odds Ratio (M-H, Fixed, 95% CI)</h3>"))
        #expect(ReportDocuments.format(forPath: "x.MD")?.name == "Markdown")
        #expect(ReportDocuments.format(forPath: "x.pdf") == nil)
    }

    @Test func theReportIsTheReviewAsItStandsWhenWritten() throws {
        let (session, evaluation) = Self.run(Self.small + "\npool Y measure RR\nreport to \"again.md\"")
        guard case .report(let second)? = evaluation.analyses.last else { throw ReportMissing() }
        // The second report has the later analysis, not the first report.
        #expect(second.analyses.count == 5)
        #expect(!second.analyses.contains { $0.isReport })
        #expect(session.reviewLog.count == 5)
        // A session that keeps no review log (a run without `report`) holds no analysis.
        var quiet = Session()
        quiet.keepsReview = false
        _ = quiet.evaluate(SourceFile(name: "q.forest", text: "study \"A\" < Y: 1/9 vs 2/9 >\npool Y"))
        #expect(quiet.reviewLog.isEmpty)
    }

    @Test func aReportNeedsStudiesAndAFormatItCanWrite() {
        let (_, early) = Self.run("report to \"r.html\"")
        #expect(early.diagnostics.map(\.id) == [.unknownStudy])
        var session = Session()
        session.checkOutput = OutputPath.check
        let evaluation = session.evaluate(
            SourceFile(name: "t.forest", text: "study \"A\" < Y: 1/9 vs 2/9 >\nreport to \"r.pdf\""))
        #expect(evaluation.diagnostics.map(\.id) == [.invalidOptionValue])
        #expect(evaluation.diagnostics.first?.message == ReportDocuments.expectation)
        let missing = session.evaluate(SourceFile(name: "u.forest", text: "report \"r.html\""))
        #expect(missing.diagnostics.map(\.id) == [.unexpectedToken])
    }

    @Test func aRunKeepsItsAnalysesOnlyForAReport() {
        #expect(SourceFile(name: "a", text: "pool Y\nreport to \"r.html\"").containsWord("report"))
        #expect(SourceFile(name: "a", text: "report to \"r.html\"").containsWord("report"))
        #expect(!SourceFile(name: "a", text: "pool Y\nforest Y to \"reports.svg\"").containsWord("report"))
        #expect(!SourceFile(name: "a", text: "study \"A\" my_report 1 < Y: 1/2 vs 1/2 >").containsWord("report"))
        #expect(!SourceFile(name: "a", text: "").containsWord("report"))
    }
}

/// `ResultSentence`: a pooled result in the seed review's journal style.
@Suite("Results sentences")
struct ResultSentenceTests {
    static func sentences(_ script: String) -> [String] {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: script))
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        return evaluation.analyses.flatMap(ResultSentence.sentences)
    }

    @Test func binaryResultsReadAsTheSeedReviewWritesThem() {
        let studies = """
            outcome Y label "Partial response"
            study "A" < Y: 15/35 vs 6/35 >
            study "B" < Y: 22/37 vs 13/37 >
            study "C" < Y: 30/42 vs 23/42 >

            """
        let lines = Self.sentences(studies + "pool Y\npool Y measure RR model random\n")
        #expect(
            lines == [
                // M-H OR = Σ(ad/N)/Σ(bc/N) = 2.637 (by hand).
                "Partial response: OR = 2.64, 95% CI: 1.51–4.61, P < 0.001; I² = 0% (3 studies, 228 participants).",
                // RevMan's M-H random effects (I² from the M-H Q).
                "Partial response: RR = 1.55, 95% CI: 1.12–2.14, P = 0.008; I² = 23% (3 studies, 228 participants).",
            ])
    }

    @Test func smallPValuesOneStudyAndSubgroups() {
        let lines = Self.sentences(
            """
            study "A" g "x" < Big: 200/400 vs 100/400, One: 3/10 vs 1/10, S: 3/10 vs 1/10 >
            study "B" g "x" < S: 4/12 vs 2/12 >
            study "C" g "y" < S: 0/10 vs 0/10 >
            pool Big
            pool One
            pool S by g
            """)
        #expect(lines[0].contains("P < 0.001") && lines[0].hasSuffix("(1 study, 800 participants)."))
        // One study: no heterogeneity to report.
        #expect(!lines[1].contains("I²"))
        // A subgroup with nothing estimable says so; with one subgroup left there is no test.
        #expect(lines[2].hasPrefix("S, g x: OR = "))
        #expect(lines[3] == "S, g y: not estimable.")
        #expect(lines[4].hasPrefix("S, all subgroups: OR = ") && lines[4].hasSuffix("(2 studies, 64 participants)."))
        #expect(lines.count == 5)
    }

    @Test func continuousAndGenericResultsNameTheirEffect() {
        let lines = Self.sentences(
            """
            outcome HR label "Overall survival" scale log effect "Hazard Ratio"
            study "A" < Pain: 5.1 sd 1.2 n 30 vs 6.0 sd 1.4 n 30, HR: -0.22 se 0.10 >
            study "B" < Pain: 4.8 sd 1.1 n 25 vs 5.5 sd 1.3 n 26, HR: -0.35 se 0.15 >
            pool Pain
            pool Pain measure SMD
            pool HR
            """)
        #expect(lines[0].hasPrefix("Pain: MD = -0.80, 95% CI: "))
        #expect(lines[1].hasPrefix("Pain: SMD = "))
        // exp of the inverse-variance mean of -0.22 and -0.35 (SE 0.10, 0.15) = 0.771.
        #expect(lines[2].hasPrefix("Overall survival: Hazard Ratio = 0.77, 95% CI: "))
        #expect(lines[2].hasSuffix("(2 studies)."))
    }
}
