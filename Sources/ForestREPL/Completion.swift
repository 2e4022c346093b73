import ForestEval
import ForestStats
import ForestSyntax
import Foundation

/// Completions for the text before the cursor: the word being completed and what it may become.
public struct Completion: Sendable, Equatable {
    /// The part of the word already typed (a label's opening quote included).
    public var partial: String
    public var candidates: [String]
    /// Whether a unique completion is followed by a space (not after a directory).
    public var appendSpace: Bool

    public init(partial: String, candidates: [String], appendSpace: Bool = true) {
        self.partial = partial
        self.candidates = candidates
        self.appendSpace = appendSpace
    }

    public static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// Candidates laid out in columns, as shells list them.
    public static func columns(_ words: [String], width: Int) -> String {
        let cell = (words.map(\.count).max() ?? 0) + 2
        let perLine = max(1, width / cell)
        return stride(from: 0, to: words.count, by: perLine).map { start in
            words[start..<min(start + perLine, words.count)].map {
                $0.padding(toLength: cell, withPad: " ", startingAt: 0)
            }
            .joined().trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}

/// What Tab offers at each point of a statement, from the grammar's words and the session's
/// outcomes, attributes and study labels.
public struct Completer: Sendable {
    public var session: Session

    public init(session: Session) {
        self.session = session
    }

    /// Completions for `text`, everything typed before the cursor (earlier lines of an
    /// unfinished statement included).
    public func complete(_ text: String) -> Completion {
        if text.drop(while: \.isWhitespace).hasPrefix(":") { return command(String(text.drop(while: \.isWhitespace))) }
        let tokens = Lexer.tokenize(SourceFile(name: "", text: text)).tokens.filter { $0.kind != .endOfInput }
        var partial = ""
        var before = tokens
        if let last = tokens.last, text.last.map({ !$0.isWhitespace }) == true, !isPunctuation(last.kind) {
            partial = last.span.text
            before.removeLast()
        }
        // The statement being typed: tokens after the last separator.
        if let separator = before.lastIndex(where: {
            $0.kind == .semicolon || ($0.kind == .newline && !insideData(before))
        }) {
            before = Array(before[(separator + 1)...])
        }
        before.removeAll { $0.kind == .newline }
        return Completion(
            partial: partial, candidates: candidates(after: before).filter { $0.hasPrefix(partial) }.sorted())
    }

    private func isPunctuation(_ kind: TokenKind) -> Bool {
        switch kind {
        case .word, .string, .number: false
        default: true
        }
    }

    private func insideData(_ tokens: [Token]) -> Bool {
        tokens.filter { $0.kind == .lessThan }.count > tokens.filter { $0.kind == .greaterThan }.count
    }

    private var outcomeNames: [String] { session.outcomeOrder }

    private func candidates(after tokens: [Token]) -> [String] {
        guard let keyword = tokens.first?.word else { return Keywords.statements }
        let words = tokens.map { $0.word ?? $0.span.text }
        switch keyword {
        case "study":
            if insideData(tokens) {
                let last = tokens.last?.kind
                return last == .lessThan || last == .comma ? outcomeNames : []
            }
            return tokens.count >= 2 && tokens.count % 2 == 0 ? session.attributeNames : []
        case "outcome":
            if tokens.count == 1 { return outcomeNames }
            if words.last == "scale" { return Keywords.scales }
            return Keywords.outcomeOptions
        case "pool", "cumulative", "forest", "funnel", "sensitivity", "bias":
            if tokens.count == 1 { return outcomeNames }
            let outcome = words[1]
            if keyword == "sensitivity" {
                if tokens.count == 2 { return Keywords.sensitivityKinds }
                if tokens.count == 3 && words[2] == "exclude" { return session.attributeNames }
                if tokens.count == 4 && words[2] == "exclude" { return values(of: words[3], outcome: outcome) }
            }
            if keyword == "bias" && tokens.count == 2 { return Keywords.biasTests }
            let allowed =
                Keywords.poolOptions
                + (keyword == "forest"
                    ? Keywords.forestPlotOptions : keyword == "funnel" ? Keywords.funnelPlotOptions : [])
            if let last = words.last, allowed.contains(last) {
                return optionValues(last, outcome: outcome)
            }
            return allowed.filter { !words.contains($0) }
        default:
            return []
        }
    }

    /// Values of an option, narrowed to what the outcome's data allow.
    private func optionValues(_ option: String, outcome: String) -> [String] {
        let kind = session.outcomes[outcome]?.kind
        switch option {
        case "by": return session.attributeNames
        case "measure":
            // Generic data are pooled as given: no measure word applies.
            guard let kind else { return Keywords.measures }
            return EffectMeasure.allowed(for: kind).map(\.rawValue).filter(Keywords.measures.contains)
        case "method":
            guard let kind else { return Keywords.methods }
            return PoolingMethod.allowed(for: kind).map(\.rawValue)
        default: return Keywords.values(ofOption: option) ?? []
        }
    }

    /// The values an attribute takes among the outcome's studies, as they would be written.
    private func values(of attribute: String, outcome: String) -> [String] {
        var seen: [String] = []
        for study in session.studies where study.data(for: outcome) != nil {
            guard let value = study.attribute(attribute) else { continue }
            let written: String
            switch value {
            case .string(let s): written = ScriptWriter.quote(s)
            default: written = value.text
            }
            if !seen.contains(written) { seen.append(written) }
        }
        return seen
    }

    // MARK: - REPL commands

    private func command(_ text: String) -> Completion {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            return Completion(
                partial: text, candidates: REPLCommand.names.map { ":" + $0 }.filter { $0.hasPrefix(text) }.sorted())
        }
        let argument = parts.dropFirst().joined(separator: " ")
        switch parts[0] {
        case ":show":
            let labels = session.studies.map { ScriptWriter.quote($0.label) }
            return Completion(partial: argument, candidates: labels.filter { $0.hasPrefix(argument) })
        case ":help":
            return Completion(partial: argument, candidates: HelpText.topics.filter { $0.hasPrefix(argument) })
        case ":load", ":save":
            return paths(argument)
        default:
            return Completion(partial: argument, candidates: [])
        }
    }

    /// File and directory names starting with `partial`; directories end with "/".
    private func paths(_ partial: String) -> Completion {
        let expanded = (partial as NSString).expandingTildeInPath
        let directory = partial.hasSuffix("/") ? expanded : (expanded as NSString).deletingLastPathComponent
        let namePrefix = partial.hasSuffix("/") ? "" : (expanded as NSString).lastPathComponent
        let shownDirectory =
            partial.hasSuffix("/")
            ? partial : String(partial.dropLast(partial.split(separator: "/").last.map(\.count) ?? 0))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        let candidates = names.filter { $0.hasPrefix(namePrefix) && (!$0.hasPrefix(".") || namePrefix.hasPrefix(".")) }
            .sorted().map { name -> String in
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(
                    atPath: ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(name),
                    isDirectory: &isDirectory)
                return shownDirectory + name + (isDirectory.boolValue ? "/" : "")
            }
        return Completion(
            partial: partial, candidates: candidates,
            appendSpace: !(candidates.count == 1 && candidates[0].hasSuffix("/")))
    }
}
