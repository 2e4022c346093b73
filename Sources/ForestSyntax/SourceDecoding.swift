/// Turning the bytes of a script into a `SourceFile`.
///
/// A script must be UTF-8. Bytes that are not are reported like any other error: at their line
/// and column, with the line shown and each bad byte written as `\xNN`, so the user can find
/// it (rather than a whole-file I/O error without a location).
extension SourceFile {
    /// The source, and an `invalid-utf8` error at the first byte that is not UTF-8 (nil when
    /// the bytes are valid). The source's text then holds every invalid byte as `\xNN`; its
    /// valid parts are unchanged, so spans before the first bad byte are those of the bytes.
    public static func decode(name: String, bytes: [UInt8], firstLine: Int = 1) -> (SourceFile, Diagnostic?) {
        if isValidUTF8(bytes) {
            return (SourceFile(name: name, bytes: bytes, firstLine: firstLine), nil)
        }
        var text = ""
        text.reserveCapacity(bytes.count + 16)
        var firstBad: (offset: Int, byte: UInt8, count: Int)? = nil
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length > 0 {
                text += String(decoding: bytes[index..<index + length], as: UTF8.self)
                index += length
                continue
            }
            let escaped = "\\x" + hex(bytes[index])
            if firstBad == nil { firstBad = (text.utf8.count, bytes[index], 1) }
            text += escaped
            index += 1
        }
        let source = SourceFile(name: name, text: text, firstLine: firstLine)
        let bad = firstBad!
        let span = Span(source: source, start: bad.offset, end: bad.offset + 4)
        let diagnostic = Diagnostic.error(
            .invalidUTF8, "the script is not UTF-8 text: byte 0x\(hex(bad.byte)) is not valid here", at: span,
            label: "not UTF-8 (shown as \\x\(hex(bad.byte)))",
            notes: ["Forest reads scripts as UTF-8; every byte that is not is shown as \\xNN"],
            help: "save the file as UTF-8 (in most editors: Save with encoding → UTF-8)")
        return (source, diagnostic)
    }

    /// Whether the bytes are UTF-8, checked in place (the standard library's validation), no
    /// string made: the parser reads the bytes, and a 40 MB script was copied only for this.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        do {
            _ = try UTF8Span(validating: bytes.span)
            return true
        } catch {
            return false
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// The length of the well-formed UTF-8 sequence starting at `index` (RFC 3629: no overlong
    /// forms, no surrogates, nothing above U+10FFFF), or 0 if none starts there.
    static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let b0 = bytes[index]
        if b0 < 0x80 { return 1 }
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch b0 {
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }
}
