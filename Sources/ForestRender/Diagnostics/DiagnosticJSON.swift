import ForestSyntax

/// Diagnostics as JSON, for editors and other tools (`forest check --format json`).
public enum DiagnosticJSON {
    /// At most `DiagnosticRenderer.limit` diagnostics, and in `omitted` how many more there were.
    public static func document(_ diagnostics: [Diagnostic]) -> JSONValue {
        let (shown, omitted) = DiagnosticRenderer.limited(diagnostics)
        return .object([("diagnostics", .array(shown.map(value))), ("omitted", .int(omitted))])
    }

    public static func value(_ diagnostic: Diagnostic) -> JSONValue {
        .object([
            ("severity", .string(diagnostic.severity.rawValue)),
            ("id", .string(diagnostic.id.rawValue)),
            ("message", .string(diagnostic.message)),
            ("primary", label(diagnostic.primary)),
            ("secondary", .array(diagnostic.secondary.map(label))),
            ("notes", .array(diagnostic.notes.map { .string($0) })),
            ("help", diagnostic.help.map { .string($0) } ?? .null),
        ])
    }

    private static func label(_ label: Diagnostic.Label) -> JSONValue {
        let span = label.span
        let (line, column) = span.source.location(of: span.start)
        let (endLine, endColumn) = span.source.location(of: span.end)
        return .object([
            ("file", .string(span.source.name)),
            ("line", .int(line)), ("column", .int(column)),
            ("end_line", .int(endLine)), ("end_column", .int(endColumn)),
            ("message", label.message.map { .string($0) } ?? .null),
        ])
    }
}
