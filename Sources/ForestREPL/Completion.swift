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
    /// unfinished statement included): the parser says what it expects where the word being
    /// typed begins, and the session fills that in.
    public func complete(_ text: String) -> Completion {
        if text.drop(while: \.isWhitespace).hasPrefix(":") { return command(String(text.drop(while: \.isWhitespace))) }
        let tokens = Lexer.tokenize(SourceFile(name: "", text: text)).tokens.filter { $0.kind != .endOfInput }
        // After a comment's `#` everything to the end of the line is the comment's.
        let end = tokens.last?.span.end ?? 0
        if text.utf8.dropFirst(end).contains(UInt8(ascii: "#")) { return Completion(partial: "", candidates: []) }
        var partial = ""
        // The word being typed: a last token that reaches the end of the text (not one followed
        // by a space or a comment).
        if let last = tokens.last, last.span.end == text.utf8.count, !isPunctuation(last.kind) {
            partial = last.span.text
        }
        let before = String(decoding: text.utf8.dropLast(partial.utf8.count), as: UTF8.self)
        let expectation = Parser.expectation(at: before)
        return Completion(
            partial: partial, candidates: candidates(expectation).filter { $0.hasPrefix(partial) }.sorted())
    }

    private func isPunctuation(_ kind: TokenKind) -> Bool {
        switch kind {
        case .word, .string, .number: false
        default: true
        }
    }

    /// The words that fulfil what the parser expects, from the session where it names things.
    private func candidates(_ expectation: Expectation) -> [String] {
        switch expectation {
        case .statementKeyword: Keywords.statements
        case .outcomeName: session.outcomeOrder
        case .attributeName: session.attributeNames
        case .attributeValue(let attribute, let outcome): values(of: attribute, outcome: outcome)
        case .words(let words): words
        case .option(let options, let statement, _):
            // The parser takes every figure option after either plot; each plot uses its own.
            options.filter { option in
                switch statement {
                case .forest: !OptionName.figure.contains(option) || OptionName.forestPlot.contains(option)
                case .funnel: !OptionName.figure.contains(option) || OptionName.funnelPlot.contains(option)
                case .labbe, .galbraith: !OptionName.figure.contains(option) || OptionName.otherPlot.contains(option)
                default: true
                }
            }.map(\.rawValue)
        case .optionValue(let option, let outcome): optionValues(option, outcome: outcome)
        case .sortKey: SortKeyWord.allCases.map(\.rawValue) + session.attributeNames
        case .studyData, .nothing: []
        }
    }

    /// Values of an option, narrowed to what the outcome's data allow.
    private func optionValues(_ option: OptionName, outcome: String) -> [String] {
        let kind = session.outcomes[outcome]?.kind
        switch option {
        case .by: return session.attributeNames
        case .measure:
            // Generic data are pooled as given: no measure word applies.
            guard let kind else { return Keywords.measures }
            return EffectMeasure.allowed(for: kind).map(\.rawValue).filter(Keywords.measures.contains)
        case .method:
            guard let kind else { return Keywords.methods }
            return PoolingMethod.allowed(for: kind).map(\.rawValue)
        default:
            switch option.valueKind {
            case .words(let words), .colours(let words): return words
            default: return option.choices ?? []
            }
        }
    }

    /// The values an attribute takes among the outcome's studies, as they would be written.
    private func values(of attribute: String, outcome: String?) -> [String] {
        var seen: [String] = []
        for study in session.studies where outcome.map({ study.data(for: $0) != nil }) ?? true {
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
