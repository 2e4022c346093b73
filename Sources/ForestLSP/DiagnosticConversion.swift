import ForestSyntax
import Foundation

/// A Forest diagnostic as the protocol has it: a range in the document (lines from 0, columns in
/// UTF-16 code units), severity, the id as its code, the message with its notes and help, and
/// secondary labels as related information.
enum DiagnosticConversion {
    static func lsp(_ d: Diagnostic, document: SourceFile, uri: String) -> [String: Any] {
        // A problem inside a CSV file is shown where the document reads the file.
        let inDocument = ([d.primary] + d.secondary).first { $0.span.source === document }
        let anchor = d.primary.span.source === document ? d.primary.span : inDocument?.span
        var message = d.message
        if let label = d.primary.message, !label.isEmpty, label != d.message { message += " (\(label))" }
        for note in d.notes { message += "\nnote: \(note)" }
        if let help = d.help { message += "\nhelp: \(help)" }
        var related: [[String: Any]] = []
        for label in ([d.primary] + d.secondary) where label.span != anchor {
            related.append([
                "location": [
                    "uri": uriOf(label.span.source, document: document, uri: uri), "range": range(label.span),
                ],
                "message": label.message ?? d.message,
            ])
        }
        var result: [String: Any] = [
            "range": anchor.map(range) ?? ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 0]],
            "severity": d.severity == .error ? 1 : 2, "code": d.id.rawValue, "source": "forest", "message": message,
        ]
        if !related.isEmpty { result["relatedInformation"] = related }
        return result
    }

    static func range(_ span: Span) -> [String: Any] { Positions.range(span) }

    private static func uriOf(_ source: SourceFile, document: SourceFile, uri: String) -> String {
        source === document ? uri : URL(fileURLWithPath: source.name).absoluteString
    }
}
