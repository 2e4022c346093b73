import ForestEval
import ForestRender
import ForestSyntax
import Foundation
import Testing

/// The seed review's report opened in headless Chromium by tools/browser-check: it loads with
/// no console error and nothing fetched from outside the file, and every SVG is drawn with a
/// size. Runs when Chromium and python3 are installed (`make browser-test` installs Chromium
/// and runs the check on out/hcc-seed.html); skipped otherwise.
@Suite("Report in a browser")
struct BrowserTests {
    static func onPath(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }

    static let available = onPath("python3") && (onPath("chromium") || onPath("chromium-browser"))

    @Test(
        .enabled(if: available, "Chromium is not installed: `make browser-test` installs it (Debian's chromium)"),
        .timeLimit(.minutes(2)))
    func theSeedReportLoadsCleanlyWithEveryFigureDrawn() throws {
        let script = ExampleTests.root.appendingPathComponent("Examples/hcc-seed.forest").path
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: script, text: try String(contentsOfFile: script, encoding: .utf8)))
        guard case .report(let report)? = evaluation.analyses.last else {
            Issue.record("the example ends without a report")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("hcc-seed.html")
        try HTMLReport.render(report).write(to: page, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", ExampleTests.root.appendingPathComponent("tools/browser-check").path, page.path,
            "--screenshot", folder.appendingPathComponent("shot.png").path,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("10 SVG figures"), "\(text)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("shot.png").path))
    }
}
