import ForestSyntax

/// `textDocument/formatting`: the document in `forest fmt`'s layout, as one edit replacing the
/// whole text (none when it is already formatted). A document that does not parse is not
/// formatted: the answer is an error naming the first problem, which the diagnostics show.
enum Formatting {
    /// The result, or the error to answer with.
    static func edits(_ text: String, scope: SourceScope) -> Result<[[String: Any]], FormattingRefused> {
        let source = scope.source(name: "document", text: text)
        switch ScriptFormatter.format(source) {
        case .success(let formatted):
            guard formatted != text else { return .success([]) }
            let end = Positions.position(source.bytes.count, in: source)
            let range: [String: Any] = ["start": ["line": 0, "character": 0], "end": end]
            return .success([["range": range, "newText": formatted]])
        case .failure(let failure):
            let first = failure.diagnostics[0]
            let (line, column) = first.primary.span.source.location(of: first.primary.span.start)
            let count = failure.diagnostics.count
            return .failure(
                FormattingRefused(
                    message:
                        "not formatted: \(count) syntax error\(count == 1 ? "" : "s"), the first at \(line):\(column): \(first.message)"
                ))
        }
    }

    struct FormattingRefused: Error {
        var message: String
    }
}
