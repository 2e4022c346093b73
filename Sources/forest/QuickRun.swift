import ArgumentParser

/// `forest run FILE` and `forest FILE` with `run`'s plain options, read without ArgumentParser.
///
/// ArgumentParser learns a command's options by reflecting on its types (`Mirror`, generic
/// metadata, protocol-conformance look-ups that each scan the binary's ~6,000 conformance
/// records): about 15 million instructions before any work, a third of a whole run of one
/// analysis of 1,000 studies (callgrind; 10.7 → 8.4 ms wall). The commonest command lines are
/// read here instead, into the same `RunRequest` that `Run` makes; everything else (help,
/// version, completions, other subcommands, `-`, `--name=value`, short or unknown options, an
/// option given twice, a value ArgumentParser would refuse, a request that fails validation) is
/// left to ArgumentParser and its messages. QuickRunTests compares the two readings: each
/// option with each kind of value, all of them in either order, the script anywhere among them.
enum QuickRun {
    /// The options read here: flags, and options that take the next word as their value.
    static let flags = ["--no-studies", "--ascii", "--no-plot"]
    static let valued = ["--format", "--style", "--color"]

    /// The request for `arguments` (without the program's name), or nil for ArgumentParser.
    static func request(_ arguments: [String], commands: [String]) -> RunRequest? {
        var words = arguments[...]
        if words.first == "run" { words = words.dropFirst() }
        var request = RunRequest()
        var seen: [String] = []
        while let word = words.popFirst() {
            if !word.hasPrefix("-") {
                // One script, which must not read as a command (`forest help`, `forest check x`).
                guard request.file == nil, word != "help", !commands.contains(word) else { return nil }
                request.file = word
                continue
            }
            guard !seen.contains(word) else { return nil }
            seen.append(word)
            if flags.contains(word) {
                set(word, on: &request)
            } else if valued.contains(word), let value = words.popFirst(), set(word, to: value, on: &request) {
                continue
            } else {
                return nil
            }
        }
        guard request.file != nil, (try? request.validate()) != nil else { return nil }
        return request
    }

    private static func set(_ flag: String, on request: inout RunRequest) {
        switch flag {
        case "--no-studies": request.noStudies = true
        case "--ascii": request.display.ascii = true
        default: request.display.noPlot = true
        }
    }

    /// Sets an option from its value as ArgumentParser converts it; false for a value it refuses.
    private static func set(_ option: String, to value: String, on request: inout RunRequest) -> Bool {
        switch option {
        case "--format":
            guard let format = OutputFormat(argument: value) else { return false }
            request.format = format
        case "--style":
            guard let style = TextStyleChoice(argument: value) else { return false }
            request.display.style = style
        default:
            guard let color = ColorChoice(argument: value) else { return false }
            request.display.color = color
        }
        return true
    }
}
