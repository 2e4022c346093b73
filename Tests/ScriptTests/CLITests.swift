import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// Runs the built `forest` executable (it sits beside the test bundle in .build/<config>/).
enum ForestBinary {
    static var url: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if directory.lastPathComponent == "MacOS" {  // inside an .xctest bundle on macOS
            directory = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return directory.appendingPathComponent("forest")
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Both pipes at once: a child that fills one while the other is read would block.
        nonisolated(unsafe) var stderrData = Data()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            stderrData = err.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func temporaryScript(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString).forest")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

@Suite("Command line")
struct CLITests {
    static let script = "study \"A\" < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 4/25 vs 6/25 >\npool X\n"

    /// `forest explain ID` prints docs/errors.md's section as text; an unknown id is a usage
    /// error with the nearest one; no id lists them all.
    @Test func explain() throws {
        let known = try ForestBinary.run(["explain", "events-exceed-total"])
        #expect(known.status == 0)
        #expect(known.stdout.hasPrefix("events-exceed-total: An arm (or group) has more events than patients."))
        #expect(known.stdout.contains("error: 35 events out of 30 in the experimental arm"))
        let unknown = try ForestBinary.run(["explain", "events-exceeds-total"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean `events-exceed-total`?"))
        let all = try ForestBinary.run(["explain"])
        #expect(all.stdout.split(separator: "\n").count == DiagnosticID.allCases.count)
    }

    @Test func runPrintsTextAndExitsZero() throws {
        let path = try ForestBinary.temporaryScript(Self.script)
        for arguments in [["run", path], [path]] {
            let output = try ForestBinary.run(arguments)
            #expect(output.status == 0)
            #expect(output.stdout.contains("X — Odds Ratio (M-H, Fixed, 95% CI)"))
            #expect(output.stderr.isEmpty)
        }
    }

    @Test func standardInputAndJSON() throws {
        let output = try ForestBinary.run(["run", "-", "--format", "json"], stdin: Self.script)
        #expect(output.status == 0)
        #expect(
            output.stdout.hasPrefix("{\n  \"schema\": \"forest-results/1\",\n  \"title\": null,\n  \"results\": [\n"))
        #expect(output.stdout.contains("\"line\": 3,"))
        #expect(SchemaCheck.problems(output.stdout) == [])
        // With errors, the diagnostics as JSON on stdout (as `check --format json`), status 1.
        let failed = try ForestBinary.run(["run", "-", "--format", "json"], stdin: Self.script + "pool Y\n")
        #expect(failed.status == 1)
        #expect(failed.stdout.hasPrefix("{\n  \"diagnostics\": ["))
        #expect(failed.stdout.contains("\"id\": \"unknown-outcome\""))
        #expect(output.stdout.contains("\"kind\": \"pool\""))
    }

    /// `--no-studies` leaves out every per-study array and nothing else; with text it is a
    /// usage error, not silently ignored.
    @Test func jsonWithoutStudyRows() throws {
        let script = """
            study "A" year 2001 < X: 3/20 vs 5/20 >
            study "B" year 2002 < X: 4/25 vs 6/25 >
            study "C" year 2002 < X: 7/30 vs 6/31 >
            pool X
            pool X by year
            sensitivity X leave-one-out

            """
        let full = try ForestBinary.run(["run", "-", "--format", "json"], stdin: script)
        let lean = try ForestBinary.run(["run", "-", "--format", "json", "--no-studies"], stdin: script)
        #expect(full.status == 0 && lean.status == 0, "\(lean.stderr)")
        #expect(full.stdout.contains("\"studies\": ["))
        #expect(!lean.stdout.contains("\"studies\""))
        #expect(lean.stdout.contains("\"estimate\"") && lean.stdout.contains("\"rows\""))
        let text = try ForestBinary.run(["run", "-", "--no-studies"], stdin: script)
        #expect(text.status == 64)
        #expect(text.stderr.contains("--no-studies applies to --format json"))
    }

    @Test func scriptErrorsExitOneWithDiagnosticsOnStderr() throws {
        let path = try ForestBinary.temporaryScript(Self.script + "pool X modle fixed\npool Y\n")
        let output = try ForestBinary.run(["run", path])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("\(path):4:8: error: unknown option `modle`"))
        #expect(output.stderr.contains("\(path):5:6: error: unknown outcome `Y`"))
        #expect(output.stderr.contains("2 errors; no results were produced"))
        #expect(!output.stderr.contains("\u{1B}["), "no colour when not on a terminal")
    }

    @Test func checkReportsOnlyDiagnostics() throws {
        let good = try ForestBinary.run(["check", "-"], stdin: Self.script)
        #expect(good.status == 0 && good.stdout.isEmpty)
        let bad = try ForestBinary.run(["check", "-", "--format", "json"], stdin: "pool Y\n")
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("\"id\": \"unknown-outcome\""))
    }

    @Test func usageAndIOErrorsHaveTheirExitCodes() throws {
        #expect(try ForestBinary.run(["run", "/nonexistent/review.forest"]).status == 74)
        #expect(try ForestBinary.run(["run", "x.forest", "--format", "xml"]).status == 64)
        #expect(try ForestBinary.run(["run", "--no-such-flag", "x.forest"]).status == 64)
    }

    @Test func colourWhenForcedButNeverWithNoColorInAuto() throws {
        let forced = try ForestBinary.run(["check", "-", "--color", "always"], stdin: "pool Y\n")
        #expect(forced.stderr.contains("\u{1B}["))
        let auto = try ForestBinary.run(["check", "-"], stdin: "pool Y\n", environment: ["NO_COLOR": "1"])
        #expect(!auto.stderr.contains("\u{1B}["))
    }

    /// Two processes (each with its own random hashing seed) write byte-identical figures and
    /// reports: nothing depends on the order of a dictionary or a set.
    /// `studies from` reads its file relative to the script's folder, wherever forest runs.
    @Test func aCSVFileIsReadBesideItsScript() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "study,ai,n1i,ci,n2i\nA,3,20,5,20\nB,4,25,6,25\n".write(
            to: folder.appendingPathComponent("x.csv"), atomically: true, encoding: .utf8)
        let script = folder.appendingPathComponent("s.forest")
        try "studies from \"x.csv\" outcome X\npool X\n".write(to: script, atomically: true, encoding: .utf8)
        let output = try ForestBinary.run(["run", script.path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Total (95% CI)"))
        // A missing file is an error at the path, and nothing runs.
        try "studies from \"y.csv\" outcome X\npool X\n".write(to: script, atomically: true, encoding: .utf8)
        let missing = try ForestBinary.run(["check", script.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("s.forest:1:14: error: cannot read y.csv: no such file"))
        #expect(missing.stderr.contains("looked for \(folder.path)/y.csv"))
    }

    /// `forest import`: the script to a file, or nothing at all when the review is broken.
    @Test func importWritesTheWholeScriptOrNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = RevManImportTests.fixture
        let script = folder.appendingPathComponent("small.forest").path
        let output = try ForestBinary.run(["import", fixture.path, "-o", script])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try String(contentsOfFile: script, encoding: .utf8) == RevManImportTests.imported(fixture))
        let ran = try ForestBinary.run(["run", script])
        #expect(ran.status == 0 && ran.stdout.contains("Death by era"))
        let data = try Data(contentsOf: fixture)
        let broken = folder.appendingPathComponent("broken.rm5")
        try data.prefix(data.count / 2).write(to: broken)
        let target = folder.appendingPathComponent("broken.forest").path
        let failed = try ForestBinary.run(["import", broken.path, "-o", target])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("broken.rm5:") && failed.stderr.contains("error: the XML is malformed"))
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    /// `characteristics to "FILE"`: the table written in the format its extension names.
    @Test func aCharacteristicsTableIsWrittenToItsFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = try ForestBinary.temporaryScript(
            "study \"A\" year 2001 arm \"Aspirin\" < X: 3/20 vs 5/20 >\n"
                + "characteristics arm \"Treatment\" year to \"\(folder.path)/t1.html\"\n"
                + "characteristics to \"\(folder.path)/t1.csv\"\n")
        let output = try ForestBinary.run(["run", script])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Characteristics of included studies written to \(folder.path)/t1.html"))
        let html = try String(contentsOfFile: folder.path + "/t1.html", encoding: .utf8)
        #expect(html.contains("<tr><th>Study</th><th>Treatment</th><th>year</th></tr>"))
        #expect(html.contains("<tr><td>A</td><td>Aspirin</td><td>2001</td></tr>"))
        let csv = try String(contentsOfFile: folder.path + "/t1.csv", encoding: .utf8)
        #expect(csv == "Study,year,arm\r\nA,2001,Aspirin\r\n")
    }

    /// `sensitivity … leave-one-out to` and `cumulative … to`: the plots are written, or the file
    /// name is an error before anything runs.
    @Test func leaveOneOutAndCumulativePlotsAreWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let studies = "study \"A\" year 2001 < X: 3/20 vs 5/20 >\nstudy \"B\" year 2003 < X: 4/25 vs 6/25 >\n"
        let script = try ForestBinary.temporaryScript(
            studies + "sensitivity X leave-one-out to \"\(folder.path)/loo.svg\"\n"
                + "cumulative X to \"\(folder.path)/cum.svg\"\n")
        let output = try ForestBinary.run(["run", script])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Forest plot of the cumulative analysis of X written to \(folder.path)/cum.svg"))
        for name in ["loo.svg", "cum.svg"] {
            let svg = try String(contentsOfFile: folder.path + "/" + name, encoding: .utf8)
            #expect(svg.contains("<svg") && svg.contains("class=\"diamond\""))
        }
        let wrong = try ForestBinary.temporaryScript(studies + "cumulative X to \"\(folder.path)/cum.txt\"\n")
        let failed = try ForestBinary.run(["run", wrong])
        #expect(failed.status == 1 && failed.stderr.contains("the file name must end in .svg, .png or .pdf"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/cum.txt"))
    }

    /// `--style revman`: RevMan's captions and lines; a style that does not exist is a usage error.
    @Test func strictRevManStyleOnTheCommandLine() throws {
        let script = try ForestBinary.temporaryScript(Self.script + "pool X model random\n")
        let output = try ForestBinary.run(["run", "--style", "revman", "--no-plot", script])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Analysis 1.2. Comparison 1 Experimental versus Control, Outcome 2 X."))
        #expect(!output.stdout.contains("Q-profile") && !output.stdout.contains("Prediction interval"))
        let plain = try ForestBinary.run(["run", "--no-plot", script])
        #expect(plain.stdout.contains("Q-profile") && !plain.stdout.contains("Analysis 1.1"))
        let wrong = try ForestBinary.run(["run", "--style", "cochrane", script])
        #expect(wrong.status != 0 && wrong.stderr.contains("revman"))
    }

    /// `report to "FILE"`: the review written as one page, said where; `--format sentences`.
    @Test func aReportIsWrittenAndSentencesPrinted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = try ForestBinary.temporaryScript(
            "review \"R\"\nstudy \"A\" < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 4/20 vs 9/20 >\npool X\n"
                + "report to \"\(folder.path)/r.html\"\nreport to \"\(folder.path)/r.md\"\n")
        let output = try ForestBinary.run(["run", script])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Report written to \(folder.path)/r.html"))
        let html = try String(contentsOfFile: folder.path + "/r.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<h1>R</h1>") && html.contains("<svg "))
        let markdown = try String(contentsOfFile: folder.path + "/r.md", encoding: .utf8)
        #expect(markdown.hasPrefix("# R\n"))
        let sentences = try ForestBinary.run(["run", "--format", "sentences", script])
        // M-H OR = (45 + 44)/(85 + 144) = 0.389 (by hand).
        #expect(
            sentences.stdout == "X: OR = 0.39, 95% CI: 0.14–1.11, P = 0.078; I² = 0% (2 studies, 80 participants).\n")
        // A report that cannot be written is an error, and no file is left behind.
        let bad = try ForestBinary.temporaryScript(
            "study \"A\" < X: 3/20 vs 5/20 >\nreport to \"\(folder.path)/missing/r.html\"\n")
        let failed = try ForestBinary.run(["run", bad])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("the folder \(folder.path)/missing does not exist"))
    }

    /// `--ascii`: every byte of the results and of the warnings is ASCII (titles' dashes,
    /// bias arrows, the Handbook's §), and a label's own letters are escaped, not dropped.
    @Test func asciiMeansASCIIEverywhere() throws {
        let script = try ForestBinary.temporaryScript(
            "review \"Müller — a review\"\nstudy \"Müller 2001\" < X: 3/20 vs 5/20 >\n"
                + "study \"B\" < X: 4/20 vs 9/20 >\nstudy \"C\" < X: 6/20 vs 7/20 >\npool X\nbias X egger\n")
        for format in ["text", "sentences"] {
            let output = try ForestBinary.run(["run", "--ascii", "--format", format, script])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout.utf8.allSatisfy { $0 < 0x80 }, "\(output.stdout)")
            #expect(output.stderr.utf8.allSatisfy { $0 < 0x80 }, "\(output.stderr)")
            if format == "text" { #expect(output.stdout.contains("M\\u{FC}ller 2001")) }
        }
        let warned = try ForestBinary.run(["run", "--ascii", script])
        #expect(warned.stderr.contains("section 13.3.5.4"))
    }

    @Test func outputsAreTheSameInEveryProcess() throws {
        let examples = ExampleTests.root.appendingPathComponent("Examples/hcc-seed.forest")
        // Without the example's own figures, which would be written to the working directory.
        let studies = try String(contentsOf: examples, encoding: .utf8).split(separator: "\n")
            .filter {
                !$0.hasPrefix("forest ") && !$0.hasPrefix("funnel ") && !$0.hasPrefix("prisma to ")
                    && !$0.hasPrefix("rob graph ") && !$0.hasPrefix("rob summary ") && !$0.hasPrefix("report ")
            }
            .joined(separator: "\n")
        var outputs: [[String]] = []
        // The same folder both times: the report names the files it wrote.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString)")
        for _ in 0..<2 {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let figures = """
                forest CRstage model random by stage prediction to "\(folder.path)/cr.svg"
                funnel CR contours trimfill to "\(folder.path)/funnel.svg"
                report to "\(folder.path)/review.html"
                """
            let script = try ForestBinary.temporaryScript(studies + "\n" + figures + "\n")
            let run = try ForestBinary.run(["run", "--format", "json", script])
            #expect(run.status == 0, "\(run.stderr)")
            let svgs = try ["cr.svg", "funnel.svg", "review.html"].map {
                try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
            }
            outputs.append([run.stdout] + svgs)
        }
        for (name, (first, second)) in zip(
            ["results", "cr.svg", "funnel.svg", "review.html"], zip(outputs[0], outputs[1]))
        {
            #expect(!first.isEmpty, "\(name) is empty")
            #expect(
                first == second,
                "\(name) differs between two runs:\n\(Golden.diff(expected: first, actual: second) ?? "")")
        }
    }

    /// The golden files' diff: the first differing stretch with its context.
    @Test func goldenDiffsShowTheDifferingLines() {
        #expect(Golden.diff(expected: "a\nb\n", actual: "a\nb\n") == nil)
        let diff = Golden.diff(expected: "1\n2\n3\n4\n5\n", actual: "1\n2\nthree\n4\n5\n")
        #expect(diff == "@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n ")
    }

    /// Issue 11 §5: `forest -i FILE` and `forest repl FILE` start the REPL with the script loaded.
    @Test func theREPLCanStartWithAScriptLoaded() throws {
        let path = try ForestBinary.temporaryScript(
            "study \"A\" < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 4/25 vs 9/25 >\n")
        for arguments in [["-i", path], ["repl", path]] {
            let output = try ForestBinary.run(arguments, stdin: ":studies\npool X\n")
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout.contains("Study  Outcomes\nA      X\nB      X"))
            #expect(output.stdout.contains("X — Odds Ratio (M-H, Fixed, 95% CI)"))
        }
    }

    /// `forest check --syntax-only` reports syntax errors and nothing else: a study whose data
    /// `check` rejects (more events than patients) passes it; a misspelt option does not.
    @Test func checkSyntaxOnlyParsesWithoutCheckingData() throws {
        let path = try ForestBinary.temporaryScript("study \"A\" < X: 9/5 vs 1/3 >\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ForestBinary.run(["check", path]).status == 1)
        let syntax = try ForestBinary.run(["check", "--syntax-only", path])
        #expect(syntax.status == 0 && (syntax.stdout + syntax.stderr).contains("no problems found"))
        let broken = try ForestBinary.temporaryScript("pool X modle fixed\n")
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let refused = try ForestBinary.run(["check", "--syntax-only", broken])
        #expect(refused.status == 1 && refused.stderr.contains("unknown option `modle`"))
    }

    /// `forest fmt`: prints, `--check` exits 1 with a diff and writes nothing, `--write`
    /// rewrites only what changes, a script that does not parse is reported and left alone.
    @Test func fmtChecksWritesAndRefuses() throws {
        let messy = "pool X   model random\n\n\nstudy \"A\" < X: 1/2 vs 1/3 >  # kept\n"
        let formatted = "pool X model random\n\nstudy \"A\" < X: 1/2 vs 1/3 >  # kept\n"
        let path = try ForestBinary.temporaryScript(messy)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let printed = try ForestBinary.run(["fmt", path])
        #expect(printed.status == 0 && printed.stdout == formatted)
        let check = try ForestBinary.run(["fmt", "--check", path])
        #expect(check.status == 1)
        #expect(check.stdout.contains("-pool X   model random\n-\n+pool X model random\n"))
        #expect(check.stdout.hasPrefix("--- \(path)\n+++ \(path) (formatted)\n@@ -1,"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == messy)
        let write = try ForestBinary.run(["fmt", "--write", path])
        #expect(write.status == 0 && write.stderr == "formatted \(path)\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == formatted)
        #expect(try ForestBinary.run(["fmt", "--check", path]).status == 0)
        #expect(try ForestBinary.run(["fmt", "--write", path]).stderr == "", "nothing to rewrite")
        let stdin = try ForestBinary.run(["fmt", "-"], stdin: messy)
        #expect(stdin.stdout == formatted)

        let broken = try ForestBinary.temporaryScript("pool X modle fixed\n")
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let refused = try ForestBinary.run(["fmt", "--write", broken])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("unknown option `modle`") && refused.stderr.contains("was not formatted"))
        #expect(try String(contentsOfFile: broken, encoding: .utf8) == "pool X modle fixed\n")
        #expect(try ForestBinary.run(["fmt", path, broken]).status == 64, "several files need --write or --check")
    }
}
