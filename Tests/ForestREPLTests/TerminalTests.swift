import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real `forest` binary in a real pseudo-terminal, driven by tmux (send-keys) and read
/// back from the rendered screen (capture-pane) — what a person at the keyboard would see.
@Suite("REPL on a terminal", .serialized)
struct TerminalTests {
    /// A tmux server of its own, with a home of its own for history.
    final class Terminal {
        let socket = "forest-test-\(UUID().uuidString)"
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("forest-home-\(UUID().uuidString)")
        static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }

        static var forest: String {
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("forest")
                .path
        }

        /// Runs tmux and returns what it printed. posix_spawn and waitpid rather than Process:
        /// the server that `new-session` starts outlives the client and keeps its descriptors.
        @discardableResult
        func tmux(_ arguments: [String], capture: Bool = false) -> String {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
            var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(
                &actions, 1, capture ? output : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            defer { posix_spawn_file_actions_destroy(&actions) }
            // The test runs on a thread that blocks signals; tmux and the REPL must not inherit
            // that mask (Ctrl-C and the hang-up of kill-server have to reach the REPL).
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var none = sigset_t(), all = sigset_t()
            sigemptyset(&none)
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            let argv = ([Terminal.tmux!, "-L", socket] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            // tmux takes its idea of the terminal from its own environment: without TERM and a
            // UTF-8 locale (CI runs with neither) it renders the pane differently from any real
            // terminal. The REPL inside gets its own TERM and LANG from the command line.
            var environment = ProcessInfo.processInfo.environment
            environment["TERM"] = environment["TERM"] ?? "xterm"
            environment["LANG"] = "C.UTF-8"
            environment["LC_ALL"] = nil
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { envp.forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawn(&pid, Terminal.tmux!, &actions, &attributes, argv, envp) == 0 else { return "" }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            guard capture, let data = FileManager.default.contents(atPath: output) else { return "" }
            try? FileManager.default.removeItem(atPath: output)
            return String(decoding: data, as: UTF8.self)
        }

        /// Starts the REPL in a new tmux session (`window`), under the given locale.
        func start(locale: String = "LANG=C.UTF-8", window: String? = nil, home: URL? = nil) throws {
            let home = home ?? self.home
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            let command =
                "env -u NO_COLOR -u LC_ALL -u LC_CTYPE -u LANG HOME=\(home.path) XDG_STATE_HOME=\(home.path)/state TERM=xterm \(locale) \(Terminal.forest); sleep 30"
            tmux(["new-session", "-d", "-x", "120", "-y", "50"] + (window.map { ["-s", $0] } ?? []) + [command])
        }

        func keys(_ keys: String..., to window: String? = nil) {
            tmux(["send-keys"] + (window.map { ["-t", $0] } ?? []) + keys)
        }
        func type(_ text: String, to window: String? = nil) {
            tmux(["send-keys"] + (window.map { ["-t", $0] } ?? []) + ["-l", text])
        }

        var screen: String { screen(of: nil) }

        func screen(of window: String?) -> String {
            tmux(
                ["capture-pane", "-p", "-J", "-S", "-", "-E", "-"] + (window.map { ["-t", $0] } ?? []), capture: true)
        }

        /// Waits until the screen shows `text` (or 10 s pass).
        @discardableResult
        func waitFor(_ text: String, count: Int = 1, in window: String? = nil, seconds: Double = 10) -> Bool {
            for _ in 0..<Int(seconds * 20) {
                if screen(of: window).components(separatedBy: text).count - 1 >= count { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }

        func stop() {
            tmux(["kill-server"])
            try? FileManager.default.removeItem(at: home)
        }
    }

    @Test func typingCompletingRecallingAndSurvivingAnError() throws {
        guard Terminal.tmux != nil else {
            Issue.record("tmux is needed for this test: run tools/setup (make test does)")
            return
        }
        let terminal = Terminal()
        try terminal.start()
        defer { terminal.stop() }
        // (capture-pane drops trailing spaces, so prompts are looked for without theirs)
        #expect(terminal.waitFor("forest>"), "no prompt:\n\(terminal.screen)")

        // A study over two lines: the continuation prompt appears.
        terminal.type("study \"Ke 2011\" year 2011 < PR: 12/30 vs 6/30,")
        terminal.keys("Enter")
        #expect(terminal.waitFor("   ...>"), "no continuation prompt:\n\(terminal.screen)")
        terminal.type("  OS1: 25/30 vs 20/30 >")
        terminal.keys("Enter")
        #expect(terminal.waitFor("forest>", count: 2))

        // Tab completes an outcome name.
        terminal.type("study \"Li 2014\" year 2014 < PR: 10/25 vs 5/25, O")
        terminal.keys("Tab")
        #expect(terminal.waitFor("< PR: 10/25 vs 5/25, OS1"), "outcome not completed:\n\(terminal.screen)")
        terminal.type(": 20/25 vs 18/25 >")  // after the space the completion added
        terminal.keys("Enter")
        // Type the next line only at the prompt (typed ahead, the terminal echoes it raw).
        #expect(terminal.waitFor("forest>", count: 3))

        // Tab completes an option and its value.
        terminal.type("pool PR mod")
        terminal.keys("Tab")
        terminal.type("ra")
        terminal.keys("Tab")
        #expect(terminal.waitFor("forest> pool PR model random"), "option value not completed:\n\(terminal.screen)")
        terminal.keys("Enter")
        #expect(terminal.waitFor("PR — Odds Ratio (M-H, Random, 95% CI)"), "no result:\n\(terminal.screen)")

        // An error is reported with a caret, and the session goes on.
        terminal.type("pool PX")
        terminal.keys("Enter")
        #expect(terminal.waitFor("error: unknown outcome `PX`"), "no error:\n\(terminal.screen)")
        #expect(terminal.waitFor("= help: did you mean `PR`?"))

        // Up, Up recalls the pool statement; it runs again on the studies kept.
        terminal.keys("Up")
        terminal.keys("Up")
        #expect(terminal.waitFor("forest> pool PR model random", count: 2), "not recalled:\n\(terminal.screen)")
        terminal.keys("Enter")
        #expect(
            terminal.waitFor("PR — Odds Ratio (M-H, Random, 95% CI)", count: 2),
            "recalled line did not run:\n\(terminal.screen)")
        #expect(terminal.screen.contains("Ke 2011                12     30       6     30"))

        // Ctrl-C drops a half-typed statement; Ctrl-D leaves and saves the history.
        terminal.type("study \"Wang 2018\" < PR: 1/2 vs")
        terminal.keys("C-c")
        terminal.type(":studies")
        terminal.keys("Enter")
        #expect(terminal.waitFor("Li 2014  2014  PR, OS1"), "studies lost:\n\(terminal.screen)")
        #expect(!terminal.screen.contains("Wang 2018  "))
        terminal.keys("C-d")
        // libedit rewrites the file on exit: read it once it is complete again.
        let history = terminal.home.appendingPathComponent("state/forest/history").path
        var saved = ""
        for _ in 0..<200 {
            saved = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
            if saved.contains("OS1:") && saved.contains("pool\\040PX") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let listing = (try? FileManager.default.subpathsOfDirectory(atPath: terminal.home.path)) ?? []
        #expect(
            saved.contains("pool\\040PR\\040model\\040random"),
            "history not saved at \(history): \(saved); home has \(listing)")
        #expect(saved.contains("OS1:\\04025/30"), "a two-line statement is remembered as one line")
    }

    /// Issue 9, item 1: what is typed arrives as typed, under a UTF-8 locale and under C (where
    /// libedit would drop every non-ASCII byte unless Forest switches to C.UTF-8).
    /// Issue 11 §5: at a terminal, Ctrl-D on a continuation line drops the unfinished
    /// statement and the REPL goes on; the data block may start on the next line.
    @Test func ctrlDOnAContinuationLineDropsTheStatement() throws {
        guard Terminal.tmux != nil else {
            Issue.record("tmux is needed for this test: run tools/setup (make test does)")
            return
        }
        let terminal = Terminal()
        try terminal.start()
        defer { terminal.stop() }
        #expect(terminal.waitFor("forest>"), "no prompt:\n\(terminal.screen)")
        terminal.type("study \"A\" < X: 1/2 vs")
        terminal.keys("Enter")
        #expect(terminal.waitFor("   ...>"), "no continuation prompt:\n\(terminal.screen)")
        terminal.keys("C-d")
        #expect(terminal.waitFor("unfinished statement dropped"), "\(terminal.screen)")
        #expect(terminal.waitFor("forest>", count: 2), "the REPL did not go on:\n\(terminal.screen)")
        terminal.type("study \"B\" year 2011")
        terminal.keys("Enter")
        #expect(terminal.waitFor("   ...>", count: 2), "no continuation for the data block:\n\(terminal.screen)")
        terminal.type("< X: 3/20 vs 5/20 >")
        terminal.keys("Enter")
        terminal.type(":studies")
        terminal.keys("Enter")
        #expect(terminal.waitFor("B      2011"), "\(terminal.screen)")
    }

    @Test(arguments: ["LANG=C.UTF-8", "LANG=C"])
    func nonASCIILabelsArriveAsTyped(_ locale: String) throws {
        guard Terminal.tmux != nil else {
            Issue.record("tmux is needed for this test: run tools/setup (make test does)")
            return
        }
        let terminal = Terminal()
        try terminal.start(locale: locale)
        defer { terminal.stop() }
        #expect(terminal.waitFor("forest>"), "no prompt:\n\(terminal.screen)")
        terminal.type("study \"Müller 2019\" < X: 3/20 vs 5/20 >")
        terminal.keys("Enter")
        terminal.type("study \"李 2014 Zoë\" < X: 4/25 vs 6/25 >")
        terminal.keys("Enter")
        terminal.type(":studies")
        terminal.keys("Enter")
        #expect(terminal.waitFor("Müller 2019"), "\(terminal.screen)")
        #expect(terminal.waitFor("李 2014 Zoë"), "\(terminal.screen)")
        #expect(!terminal.screen.contains("Mller"))
    }

    /// Item 13: Ctrl-C while a long statement runs stops it; the session and the REPL live on.
    @Test func ctrlCStopsARunningStatementAndKeepsTheSession() throws {
        guard Terminal.tmux != nil else {
            Issue.record("tmux is needed for this test: run tools/setup (make test does)")
            return
        }
        let terminal = Terminal()
        // A leave-one-out analysis of 20,000 studies with REML: minutes of work.
        var text = ""
        for i in 0..<20_000 {
            text += "study \"S\(i)\" < Y: \(Double(i % 97) / 50) se \(0.1 + Double(i % 13) / 20) >\n"
        }
        text += "sensitivity Y leave-one-out model random tau REML\n"
        try FileManager.default.createDirectory(at: terminal.home, withIntermediateDirectories: true)
        let big = terminal.home.appendingPathComponent("big.forest").path
        try text.write(toFile: big, atomically: true, encoding: .utf8)
        try terminal.start()
        defer { terminal.stop() }
        #expect(terminal.waitFor("forest>"))
        terminal.type("study \"Kept\" < X: 3/20 vs 5/20 >")
        terminal.keys("Enter")
        #expect(terminal.waitFor("forest>", count: 2))
        terminal.type(":load \(big)")
        terminal.keys("Enter")
        Thread.sleep(forTimeInterval: 3)
        terminal.keys("C-c")
        #expect(
            terminal.waitFor("interrupted: this statement and those after it did not run", seconds: 30),
            "\(terminal.screen.suffix(2000))")
        #expect(terminal.waitFor("nothing from it was loaded"))
        terminal.type(":studies")
        terminal.keys("Enter")
        #expect(terminal.waitFor("Kept"), "the session survived:\n\(terminal.screen.suffix(1000))")
    }

    /// Item 17: two REPLs at once keep each other's history.
    @Test func twoREPLsKeepEachOthersHistory() throws {
        guard Terminal.tmux != nil else {
            Issue.record("tmux is needed for this test: run tools/setup (make test does)")
            return
        }
        let terminal = Terminal()
        try terminal.start(window: "one")
        try terminal.start(window: "two")
        defer { terminal.stop() }
        #expect(terminal.waitFor("forest>", in: "one") && terminal.waitFor("forest>", in: "two"))
        terminal.type("study \"From one\" < X: 3/20 vs 5/20 >", to: "one")
        terminal.keys("Enter", to: "one")
        terminal.type("study \"From two\" < X: 3/20 vs 5/20 >", to: "two")
        terminal.keys("Enter", to: "two")
        #expect(terminal.waitFor("forest>", count: 2, in: "one") && terminal.waitFor("forest>", count: 2, in: "two"))
        terminal.keys("C-d", to: "one")
        terminal.keys("C-d", to: "two")
        let history = terminal.home.appendingPathComponent("state/forest/history").path
        var saved = ""
        for _ in 0..<100 {
            saved = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
            if saved.contains("From\\040one") && saved.contains("From\\040two") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(saved.contains("From\\040one") && saved.contains("From\\040two"), "history: \(saved)")
    }

    /// Item 17: a history file that cannot be written is one warning, not silence.
    @Test func anUnwritableHistoryIsOneWarning() throws {
        guard Terminal.tmux != nil else {
            Issue.record("tmux is needed for this test: run tools/setup (make test does)")
            return
        }
        let terminal = Terminal()
        // The state folder is a file: nothing can be written under it.
        try FileManager.default.createDirectory(at: terminal.home, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: terminal.home.appendingPathComponent("state").path, contents: Data())
        try terminal.start()
        defer { terminal.stop() }
        #expect(terminal.waitFor("forest>"))
        terminal.type("study \"A\" < X: 3/20 vs 5/20 >")
        terminal.keys("Enter")
        terminal.type("study \"B\" < X: 3/20 vs 5/20 >")
        terminal.keys("Enter")
        #expect(terminal.waitFor("warning: cannot save history to"), "\(terminal.screen)")
        #expect(terminal.waitFor("forest>", count: 3))
        #expect(terminal.screen.components(separatedBy: "cannot save history").count == 2, "once only")
    }

    @Test func pipedInputHasNoPromptsOrEscapeCodes() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Terminal.forest)
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(
            Data("study \"A\" < X: 3/20 vs 5/20,\n  Y: 1/2 vs 1/2 >\npool X\npool Z\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let diagnostics = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.hasPrefix("X — Odds Ratio (M-H, Fixed, 95% CI)"))
        #expect(!text.contains("forest>") && !text.contains("\u{1B}["))
        #expect(diagnostics.contains("<stdin>:4:6: error: unknown outcome `Z`"), "lines numbered in the whole input")
        #expect(process.terminationStatus == 1)
    }
}
