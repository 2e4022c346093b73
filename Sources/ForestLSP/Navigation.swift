import ForestEval
import ForestFiles
import ForestREPL
import ForestRender
import ForestSyntax
import Foundation

/// The requests about a document's content: definition, references, symbols, hover, completion
/// and code actions. Each parses (and for hover and completion evaluates) the document as it
/// is now; the sources made are let go by the caller.
struct Navigation {
    let uri: String
    let source: SourceFile
    let index: DocumentIndex
    let scope: SourceScope

    init(uri: String, text: String, scope: SourceScope) {
        self.uri = uri
        self.scope = scope
        let path = URL(string: uri)?.isFileURL == true ? URL(string: uri)!.path : uri
        source = scope.source(name: path, text: text)
        index = DocumentIndex(source)
    }

    private func location(_ span: Span) -> [String: Any] { ["uri": uri, "range": Positions.range(span)] }

    private func symbol(at params: [String: Any]) -> DocumentIndex.Symbol? {
        index.occurrence(at: Positions.offset(params["position"] as? [String: Any], in: source))?.symbol
    }

    /// `textDocument/definition`: where the study or outcome under the cursor is defined.
    func definition(_ params: [String: Any]) -> Any {
        guard let symbol = symbol(at: params), let found = index.definition(of: symbol) else { return NSNull() }
        return location(found.span)
    }

    /// `textDocument/references`: every place it is named (its definition too, when asked).
    func references(_ params: [String: Any]) -> Any {
        guard let symbol = symbol(at: params) else { return [Any]() }
        let withDefinition = (params["context"] as? [String: Any])?["includeDeclaration"] as? Bool ?? true
        return index.references(to: symbol).filter { withDefinition || !$0.isDefinition }.map { location($0.span) }
    }

    /// `textDocument/documentSymbol`: the studies and outcomes the document defines.
    func symbols() -> Any {
        index.occurrences.filter(\.isDefinition).map { occurrence -> [String: Any] in
            let (name, kind): (String, Int)
            switch occurrence.symbol {
            case .study(let label): (name, kind) = (label, 23)
            case .outcome(let outcome): (name, kind) = (outcome, 13)
            }
            return ["name": name, "kind": kind, "location": location(occurrence.span)]
        }
    }

    /// `textDocument/hover`: a study's statement; an outcome's declaration, its studies and,
    /// once pooled, its first pooled result in a sentence; a statement's keyword: the
    /// statement's help (the REPL's `:help`); one of its options: what the option does, then
    /// that help.
    func hover(_ params: [String: Any]) -> Any {
        guard let symbol = symbol(at: params) else { return keywordHelp(params) }
        var lines: [String] = []
        switch symbol {
        case .study(let label):
            for case .study(let s) in index.statements where s.label.value == label {
                lines += ["```forest", ScriptWriter.text(.study(s)), "```"]
            }
        case .outcome(let name):
            for case .outcome(let s) in index.statements where s.name.value == name {
                lines += ["```forest", ScriptWriter.text(.outcome(s)), "```"]
            }
            var session = scope.session()
            let evaluation = session.evaluate(source)
            let count = session.studies.filter { $0.firstEntry(for: name) != nil }.count
            lines.append("Outcome `\(name)`: \(count) \(count == 1 ? "study" : "studies")")
            if let pool = evaluation.analyses.lazy.compactMap({ a -> PoolAnalysis? in
                if case .pool(let p) = a, p.outcome.name == name { return p }
                return nil
            }).first {
                lines.append(ResultSentence.sentence(pool))
            }
        }
        guard !lines.isEmpty else { return NSNull() }
        return ["contents": ["kind": "markdown", "value": lines.joined(separator: "\n")]]
    }

    /// The help of the statement under the cursor, when the cursor is on its keyword or on one
    /// of its options' names.
    private func keywordHelp(_ params: [String: Any]) -> Any {
        let offset = Positions.offset(params["position"] as? [String: Any], in: source)
        guard let statement = index.statement(at: offset) else { return NSNull() }
        let bytes = source.bytes
        var start = offset, end = offset
        let isWord = { (b: UInt8) in
            b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || (b | 0x20) >= 97 && (b | 0x20) <= 122
        }
        while start > statement.span.start && isWord(bytes[start - 1]) { start -= 1 }
        while end < statement.span.end && isWord(bytes[end]) { end += 1 }
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        let keyword = String(decoding: bytes[statement.span.start...].prefix { isWord($0) }, as: UTF8.self)
        let option = start == statement.span.start ? nil : OptionName(rawValue: word)
        guard start == statement.span.start || option != nil, let help = HelpText.text(for: keyword) else {
            return NSNull()
        }
        let meaning = option.map { "`\($0.rawValue)`: \($0.meaning)\n\n" } ?? ""
        return ["contents": ["kind": "markdown", "value": meaning + "```\n\(help)```"]]
    }

    /// `textDocument/completion`: what the REPL would offer at the cursor, after the document's
    /// statements before the one being written.
    func completion(_ params: [String: Any]) -> Any {
        let offset = Positions.offset(params["position"] as? [String: Any], in: source)
        let start = index.statement(at: offset)?.span.start ?? source.lineStarts[source.lineIndex(of: offset)]
        var session = scope.session()
        _ = session.evaluate(
            scope.source(name: source.name, text: String(decoding: source.bytes[..<start], as: UTF8.self)))
        let typed = String(decoding: source.bytes[start..<offset], as: UTF8.self)
        let completion = Completer(session: session).complete(typed)
        return completion.candidates.map { ["label": $0, "kind": 14] as [String: Any] }
    }

    /// `textDocument/codeAction`: each "did you mean" of the diagnostics in the request, as a
    /// quick fix that writes the suggestion in place of the mistake.
    func codeActions(_ params: [String: Any]) -> Any {
        let diagnostics = (params["context"] as? [String: Any])?["diagnostics"] as? [[String: Any]] ?? []
        var actions: [[String: Any]] = []
        for diagnostic in diagnostics {
            guard let message = diagnostic["message"] as? String, let range = diagnostic["range"],
                let help = message.split(separator: "\n").first(where: { $0.hasPrefix("help: did you mean") })
            else { continue }
            for suggestion in help.split(separator: "`").enumerated().filter({ $0.offset % 2 == 1 }).map(\.element) {
                actions.append([
                    "title": "Replace with `\(suggestion)`", "kind": "quickfix", "diagnostics": [diagnostic],
                    "edit": ["changes": [uri: [["range": range, "newText": String(suggestion)]]]],
                ])
            }
        }
        return actions
    }
}
