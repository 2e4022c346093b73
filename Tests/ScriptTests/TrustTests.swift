import ForestTestSupport
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Issue 9, through the real binary: no false success, no trap, no silent change, no hang.
/// One test per finding (the number in each name is the item of the issue).
@Suite("Trust: the command line")
struct TrustTests {
    static let twoStudies = "study \"A\" < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 4/25 vs 6/25 >\n"

    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("forest-trust-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs a shell command line (for redirections a Process cannot express).
    static func shell(_ command: String) throws -> ForestBinary.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["FOREST"] = ForestBinary.url.path
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ForestBinary.Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func item2_anUnwritableFigureIsNeverReportedAsWritten() throws {
        let script = try ForestBinary.temporaryScript(Self.twoStudies + "pool X\nforest X to \"nodir/pr.svg\"\n")
        for arguments in [["run", script], ["run", script, "--format", "json"], ["check", script]] {
            let result = try ForestBinary.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(!result.stdout.contains("written to"), "\(result.stdout)")
            // No results on stdout: nothing, or (run --format json) the diagnostics as JSON.
            #expect(result.stdout.isEmpty || result.stdout.hasPrefix("{\n  \"diagnostics\": ["), "\(result.stdout)")
            #expect(result.stderr.contains(":4:13: error: cannot write nodir/pr.svg: the folder nodir does not exist"))
        }
    }

    @Test func item3_aFullDiskIsAnErrorNotATrap() throws {
        let script = try ForestBinary.temporaryScript(Self.twoStudies + "pool X\n")
        let full = try Self.shell("\"$FOREST\" run '\(script)' > /dev/full")
        #expect(full.status == 74)
        #expect(full.stderr.contains("forest: cannot write the output: No space left on device"))
        let fullErrors = try Self.shell("\"$FOREST\" run '\(script)' --no-plot 2>/dev/full >/dev/null; echo $?")
        #expect(fullErrors.stdout == "0\n", "warnings-free output needs no stderr")
        let badScript = try ForestBinary.temporaryScript("pool Y\n")
        let fullStderr = try Self.shell("\"$FOREST\" run '\(badScript)' 2>/dev/full; echo $?")
        #expect(fullStderr.stdout == "74\n")
    }

    @Test func item3_aClosedPipeEndsQuietly() throws {
        // Enough output to fill a pipe, read by a reader that leaves after 10 bytes.
        var text = ""
        for i in 0..<3000 { text += "study \"S\(i)\" < X: \(i % 7 + 1)/50 vs \(i % 5 + 2)/50 >\n" }
        let script = try ForestBinary.temporaryScript(text + "pool X\n")
        let result = try Self.shell(
            "trap '' PIPE; \"$FOREST\" run '\(script)' | head -c 10 >/dev/null; echo ${PIPESTATUS[0]}")
        #expect(result.stdout == "141\n", "status \(result.stdout)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test func item5_aFileOfNULBytesIsOneQuickError() throws {
        let path = try Self.folder() + "/nul.forest"
        _ = FileManager.default.createFile(atPath: path, contents: Data(count: 10_000))
        let start = Date()
        let result = try ForestBinary.run(["check", path])
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(result.status == 1)
        #expect(result.stderr.contains("1 error"), "\(result.stderr.suffix(300))")
    }

    @Test func item5_atMostFiftyDiagnosticsAreShown() throws {
        let script = try ForestBinary.temporaryScript(String(repeating: "pool Y\n", count: 500))
        let result = try ForestBinary.run(["check", script])
        #expect(result.stderr.components(separatedBy: "error: unknown outcome").count - 1 == 50)
        #expect(result.stderr.contains("… and 450 more problems not shown"))
        #expect(result.stderr.hasSuffix("500 errors\n"))
    }

    @Test func item7_aHostileLabelDoesNotReachTheTerminal() throws {
        let folder = try Self.folder()
        let label = "A\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[31mRED\u{01}"
        let script = try ForestBinary.temporaryScript(
            "study \"\(label)\" < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 4/25 vs 6/25 >\npool X\nforest X\n"
                + "forest X to \"\(folder)/x.svg\"\n")
        let result = try ForestBinary.run(["run", script])
        #expect(result.status == 0)
        #expect(
            !result.stdout.contains("\u{1B}") && !result.stdout.contains("\u{07}") && !result.stdout.contains("\u{01}"))
        #expect(result.stdout.contains("A\\x1B]0;owned\\x07\\x1B[2J\\x1B[31mRED\\x01"))
        // The label survives in JSON, escaped as JSON escapes it.
        let json = try ForestBinary.run(["run", script, "--format", "json"])
        #expect(SchemaCheck.problems(json.stdout) == [])
        #expect(json.stdout.contains("A\\u001b]0;owned\\u0007\\u001b[2J\\u001b[31mRED\\u0001"))
        // The SVG is well-formed XML.
        let svg = try Data(contentsOf: URL(fileURLWithPath: folder + "/x.svg"))
        #expect(XMLParser(data: svg).parse(), "the SVG does not parse")
        // A diagnostic that echoes the line escapes it too.
        let bad = try ForestBinary.temporaryScript("study \"\(label)\" < X: 30/20 vs 5/20 >\n")
        let diagnostics = try ForestBinary.run(["check", bad])
        #expect(!diagnostics.stderr.contains("\u{1B}") && diagnostics.stderr.contains("\\x1B[2J"))
    }

    @Test func item9_invalidUTF8IsALocatedError() throws {
        let path = try Self.folder() + "/latin1.forest"
        let bytes = Array("review \"x\"\nstudy \"M".utf8) + [0xFC] + Array("ller\" < X: 3/20 vs 5/20 >\n".utf8)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let result = try ForestBinary.run(["run", path])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix("\(path):2:9: error: the script is not UTF-8 text: byte 0xFC is not valid here"))
        #expect(result.stderr.contains("2 | study \"M\\xFCller\" < X: 3/20 vs 5/20 >"))
    }

    @Test func item15_anyReadableStreamIsAScript() throws {
        let script = try ForestBinary.temporaryScript(Self.twoStudies + "pool X\n")
        let substitution = try Self.shell("\"$FOREST\" run <(cat '\(script)') --no-plot")
        #expect(substitution.status == 0 && substitution.stdout.hasPrefix("X — Odds Ratio"), "\(substitution.stderr)")
        let stdin = try Self.shell("cat '\(script)' | \"$FOREST\" run /dev/stdin --no-plot")
        #expect(stdin.status == 0 && stdin.stdout.hasPrefix("X — Odds Ratio"), "\(stdin.stderr)")
        let folder = try Self.folder()
        let fifo = try Self.shell(
            "mkfifo '\(folder)/f' && (cat '\(script)' > '\(folder)/f' &) && \"$FOREST\" run '\(folder)/f' --no-plot")
        #expect(fifo.status == 0 && fifo.stdout.hasPrefix("X — Odds Ratio"), "\(fifo.stderr)")
    }

    @Test func item15_aFailedReadSaysWhy() throws {
        let folder = try Self.folder()
        try FileManager.default.createSymbolicLink(atPath: folder + "/a", withDestinationPath: folder + "/b")
        try FileManager.default.createSymbolicLink(atPath: folder + "/b", withDestinationPath: folder + "/a")
        let loop = try ForestBinary.run(["run", folder + "/a"])
        #expect(loop.status == 74)
        #expect(loop.stderr.contains("too many levels of symbolic links"))
        let missing = try ForestBinary.run(["run", folder + "/none.forest"])
        #expect(missing.stderr.contains("no such file"))
        let directory = try ForestBinary.run(["run", folder])
        #expect(directory.stderr.contains("it is a folder"))
    }

    @Test func item16_writingThroughALinkKeepsTheLinkAndTheMode() throws {
        let folder = try Self.folder()
        let real = folder + "/real.svg", link = folder + "/link.svg"
        _ = FileManager.default.createFile(
            atPath: real, contents: Data("old".utf8), attributes: [.posixPermissions: 0o600])
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.svg")
        let script = try ForestBinary.temporaryScript(Self.twoStudies + "forest X to \"\(link)\"\n")
        let result = try ForestBinary.run(["run", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.svg")
        let attributes = try FileManager.default.attributesOfItem(atPath: real)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: real, encoding: .utf8).contains("<svg"))
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["link.svg", "real.svg"])
    }

    @Test func noLostWork_anInterruptedWriteLeavesNoTemporaryFile() throws {
        // A figure of 100,000 studies takes a moment to write; SIGINT meanwhile.
        let folder = try Self.folder()
        var text = ""
        for i in 0..<100_000 { text += "study \"S\(i)\" < X: \(i % 7 + 1)/50 vs \(i % 5 + 2)/50 >\n" }
        let script = try ForestBinary.temporaryScript(text + "forest X to \"\(folder)/big.svg\"\n")
        let result = try Self.shell(
            "env --default-signal=INT \"$FOREST\" run '\(script)' >/dev/null & pid=$!; "
                + "for i in $(seq 1 400); do ls -A '\(folder)' | grep -q tmp && break; sleep 0.01; done; "
                + "kill -INT $pid; wait $pid; echo $?")
        let status = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        // SIGINT may be ignored where the tests run (a background job, a CI runner), and an
        // ignored signal is inherited: env resets it, so that the kill really interrupts.
        #expect(status == 130, "status \(result.stdout)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(left.allSatisfy { !$0.contains("tmp") }, "left behind: \(left)")
    }
}
