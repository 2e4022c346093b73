extension ScriptFormatter {
    /// A Markdown document with each ```forest code block in the canonical layout and every
    /// other line as it was; the blocks' syntax errors (at their lines in the document) when
    /// any does not parse.
    public static func formatMarkdown(_ text: String, name: String) -> Result<String, Failure> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var errors: [Diagnostic] = []
        var index = 0
        while index < lines.count {
            guard lines[index] == "```forest", let close = lines[(index + 1)...].firstIndex(of: "```") else {
                index += 1
                continue
            }
            let code = lines[(index + 1)..<close].map { $0 + "\n" }.joined()
            switch format(SourceFile(name: name, text: code, firstLine: index + 2)) {
            case .success(let formatted):
                let replacement = formatted.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                lines.replaceSubrange((index + 1)..<close, with: replacement.map(String.init))
                index += replacement.count + 2
            case .failure(let failure):
                errors += failure.diagnostics
                index = close + 1
            }
        }
        return errors.isEmpty ? .success(lines.joined(separator: "\n")) : .failure(Failure(diagnostics: errors))
    }
}
