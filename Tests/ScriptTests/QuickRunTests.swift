import ArgumentParser
import Testing

@testable import forest

/// `QuickRun` reads a plain `run` command line without ArgumentParser: wherever it gives a
/// request, ArgumentParser must give the same one; wherever ArgumentParser would say something
/// (help, an error), it must give none.
@Suite struct QuickRunTests {
    static let commands = Forest.configuration.subcommands.compactMap { $0.configuration.commandName }

    func quick(_ arguments: [String]) -> RunRequest? {
        QuickRun.request(arguments, commands: Self.commands)
    }

    /// What ArgumentParser makes of the same words, when it makes a `run`.
    func parsed(_ arguments: [String]) -> RunRequest? {
        (try? Forest.parseAsRoot(arguments)).flatMap { ($0 as? Run)?.request }
    }

    /// Each option alone with every kind of value (those ArgumentParser refuses too), all of
    /// them together in either order, and --no-studies with every format; the script before,
    /// after or among them, with `run` or without.
    @Test func agreesWithArgumentParser() {
        let single: [[String]] = [
            ["--format", "json"], ["--format", "csv"], ["--format", "text"], ["--format", "jsn"], ["--no-studies"],
            ["--ascii"], ["--no-plot"], ["--style", "revman"], ["--style", "forest"], ["--style", "Revman"],
            ["--color", "never"], ["--color", "always"], ["--color", "auto"], ["--color", "--ascii"],
        ]
        let all = [
            ["--format", "json"], ["--no-studies"], ["--ascii"], ["--no-plot"], ["--style", "revman"],
            ["--color", "never"],
        ]
        let formats = ["json", "csv", "text"].map { ["--no-studies", "--format", $0] }
        var lines: [[String]] = []
        for options in [[]] + single + formats + [all.joined(), all.reversed().joined()].map(Array.init) {
            let middle = options.count / 2
            lines += [
                ["a.forest"] + options, options + ["a.forest"], ["run", "a.forest"] + options,
                ["run"] + options[..<middle] + ["a.forest"] + options[middle...],
            ]
        }
        lines += [[""], ["run", ""], ["a b.forest", "--ascii"], ["é.forest"]]
        for words in lines {
            #expect(quick(words) == parsed(words), "\(words)")
        }
        // Most of them are plain: the quick way is taken, not merely never wrong.
        #expect(lines.filter { quick($0) != nil }.count > lines.count / 2)
    }

    @Test(arguments: [
        [], ["run"], ["--help"], ["-h"], ["run", "--help"], ["a.forest", "--help"], ["--version"], ["help"],
        ["help", "run"], ["run", "help"], ["check", "a.forest"], ["fmt", "a.forest"], ["repl"],
        ["run", "-"], ["-"], ["a.forest", "b.forest"], ["run", "run"], ["a.forest", "run"],
        ["a.forest", "--format=json"], ["a.forest", "--format"], ["a.forest", "--format", "json", "--format", "json"],
        ["a.forest", "--ascii", "--ascii"], ["a.forest", "-i"], ["a.forest", "--interactive"], ["-i", "a.forest"],
        ["a.forest", "--no-studies"], ["a.forest", "--unknown"], ["a.forest", "--"], ["--", "a.forest"],
        ["a.forest", "--generate-completion-script", "bash"], ["--experimental-dump-help"],
    ])
    func leavesEverythingElseToArgumentParser(_ words: [String]) {
        #expect(quick(words) == nil)
    }

    /// The defaults come from `RunRequest`, so a plain script's request is ArgumentParser's.
    @Test func defaultsAreArgumentParsers() {
        #expect(parsed(["a.forest"]) == RunRequest(file: "a.forest"))
        #expect(parsed(["run", "a.forest"]) == quick(["run", "a.forest"]))
    }
}
