import ForestSyntax

/// Protocol positions (lines from 0, columns in UTF-16 code units) and byte offsets.
enum Positions {
    static func position(_ offset: Int, in source: SourceFile) -> [String: Int] {
        let line = source.lineIndex(of: offset)
        let start = source.lineStarts[line]
        let prefix = source.bytes[start..<min(max(offset, start), source.bytes.count)]
        return ["line": line, "character": String(decoding: prefix, as: UTF8.self).utf16.count]
    }

    static func range(_ span: Span) -> [String: Any] {
        ["start": position(span.start, in: span.source), "end": position(span.end, in: span.source)]
    }

    /// The byte offset of a protocol position (clamped to its line).
    static func offset(_ position: [String: Any]?, in source: SourceFile) -> Int {
        let line = min(max(position?["line"] as? Int ?? 0, 0), source.lineStarts.count - 1)
        let character = max(position?["character"] as? Int ?? 0, 0)
        let start = source.lineStarts[line]
        let end = line + 1 < source.lineStarts.count ? source.lineStarts[line + 1] : source.bytes.count
        let text = String(decoding: source.bytes[start..<end], as: UTF8.self)
        var units = 0, bytes = 0
        for scalar in text.unicodeScalars {
            if units >= character || scalar == "\n" { break }
            units += scalar.utf16.count
            bytes += scalar.utf8.count
        }
        return start + bytes
    }
}
