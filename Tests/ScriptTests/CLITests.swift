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
        #expect(output.stdout.hasPrefix("{\n  \"results\": [\n"))
        #expect(output.stdout.contains("\"kind\": \"pool\""))
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
}
