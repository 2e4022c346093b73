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

    /// Start and end of a span as protocol positions.
    static func range(_ span: Span) -> [String: Any] {
        ["start": position(span.start, in: span.source), "end": position(span.end, in: span.source)]
    }

    static func position(_ offset: Int, in source: SourceFile) -> [String: Int] {
        let line = source.lineIndex(of: offset)
        let start = source.lineStarts[line]
        let prefix = source.bytes[start..<min(max(offset, start), source.bytes.count)]
        return ["line": line, "character": String(decoding: prefix, as: UTF8.self).utf16.count]
    }

    private static func uriOf(_ source: SourceFile, document: SourceFile, uri: String) -> String {
        source === document ? uri : URL(fileURLWithPath: source.name).absoluteString
    }
}
