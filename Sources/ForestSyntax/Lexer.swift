/// Turns source text into tokens (the lexical rules of `Grammar/forest.ebnf`).
///
/// Never fails: a malformed piece becomes a diagnostic and lexing goes on, so one run reports
/// every problem. Newlines are tokens; the parser decides where they end a statement.
public struct Lexer {
    let source: SourceFile
    private let bytes: [UInt8]
    /// The offset of the next byte to read (the parser moves it past a statement
    /// `StudyFastPath` has read).
    var position = 0
    public private(set) var diagnostics: [Diagnostic] = []
    /// Every comment passed over, from its `#` to the end of its line (the line break not
    /// included): the trivia `forest fmt` puts back where it was.
    public private(set) var comments: [Span] = []

    public init(_ source: SourceFile) {
        self.source = source
        self.bytes = source.bytes
    }

    /// All tokens of the source, ending with `.endOfInput`.
    public static func tokenize(_ source: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .endOfInput { break }
        }
        return (tokens, lexer.diagnostics)
    }

    private func span(_ start: Int) -> Span { Span(source: source, start: start, end: position) }

    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    public mutating func next() -> Token {
        skipBlanksAndComments()
        let start = position
        guard let byte = peek() else { return Token(.endOfInput, span(start)) }
        position += 1
        switch byte {
        case UInt8(ascii: "\n"): return Token(.newline, span(start))
        case UInt8(ascii: "\r"):
            // CRLF line ends: the line break starts at the CR.
            if peek() == UInt8(ascii: "\n") { position += 1 }
            return Token(.newline, span(start))
        case UInt8(ascii: "/"): return Token(.slash, span(start))
        case UInt8(ascii: ":"): return Token(.colon, span(start))
        case UInt8(ascii: ","): return Token(.comma, span(start))
        case UInt8(ascii: ";"): return Token(.semicolon, span(start))
        case UInt8(ascii: "<"): return Token(.lessThan, span(start))
        case UInt8(ascii: ">"): return Token(.greaterThan, span(start))
        case UInt8(ascii: "["): return Token(.leftBracket, span(start))
        case UInt8(ascii: "]"): return Token(.rightBracket, span(start))
        case UInt8(ascii: "\""): return string(from: start)
        default:
            position -= 1
            if Lexer.isDigit(byte)
                || ((byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "."))
                    && peek(1).map({ Lexer.isDigit($0) || $0 == UInt8(ascii: ".") }) == true)
            {
                return number(from: start)
            }
            if Lexer.isNameStart(byte) { return word(from: start) }
            return invalidCharacter(from: start)
        }
    }

    private mutating func skipBlanksAndComments() {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
                || (byte == UInt8(ascii: "\r") && peek(1) != UInt8(ascii: "\n"))
            {
                position += 1
            } else if byte == UInt8(ascii: "#") {
                let start = position
                while let b = peek(), b != UInt8(ascii: "\n") { position += 1 }
                comments.append(span(start))
            } else {
                break
            }
        }
    }

    // The character classes of the lexical rules (`StudyFastPath` reads with them too).
    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }
    static func isNameStart(_ b: UInt8) -> Bool { isLetter(b) || b == UInt8(ascii: "_") }
    static func isNameContinue(_ b: UInt8) -> Bool { isNameStart(b) || isDigit(b) }

    /// name = letter_or_underscore { letter | digit | "_" } ; `leave-one-out` joins names with "-".
    private mutating func word(from start: Int) -> Token {
        while let b = peek(), Lexer.isNameContinue(b) { position += 1 }
        var hyphenated = false
        while peek() == UInt8(ascii: "-"), let after = peek(1), Lexer.isNameStart(after) {
            hyphenated = true
            position += 1
            while let b = peek(), Lexer.isNameContinue(b) { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if hyphenated && !Keywords.hyphenated.contains(text) {
            diagnostics.append(
                .error(
                    .hyphenInName, "a name cannot contain `-`", at: span(start),
                    help: "use `_` instead, e.g. `\(String(text.map { $0 == "-" ? "_" : $0 }))`"))
        }
        return Token(.word(text), span(start))
    }

    /// number = [ "-" | "+" ] digits [ "." digits ] [ ("e" | "E") [ "-" | "+" ] digits ]
    private mutating func number(from start: Int) -> Token {
        if peek() == UInt8(ascii: "-") || peek() == UInt8(ascii: "+") { position += 1 }
        while let b = peek(), Lexer.isDigit(b) { position += 1 }
        if peek() == UInt8(ascii: "."), let after = peek(1), Lexer.isDigit(after) {
            position += 1
            while let b = peek(), Lexer.isDigit(b) { position += 1 }
        } else if peek() == UInt8(ascii: ".") {
            position += 1
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var look = 1
            if let sign = peek(1), sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { look = 2 }
            if let digit = peek(look), Lexer.isDigit(digit) {
                position += look
                while let b = peek(), Lexer.isDigit(b) { position += 1 }
            }
        }
        // A number running straight into letters ("12abc") is one malformed token.
        if let b = peek(), Lexer.isNameStart(b) {
            while let b = peek(), Lexer.isNameContinue(b) || b == UInt8(ascii: ".") { position += 1 }
            // Where the grammar expects a name the parser reports it as one (`invalid-name`).
            diagnostics.append(
                .error(
                    .invalidNumber, "`\(span(start).text)` is not a number", at: span(start),
                    help: "separate numbers from words with a space"))
            return Token(.number(.nan), span(start))
        }
        if let value = Lexer.plainDecimal(bytes, start, position) { return Token(.number(value), span(start)) }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            diagnostics.append(.error(.invalidNumber, "`\(text)` is not a usable number", at: span(start)))
            return Token(.number(.nan), span(start))
        }
        return Token(.number(value), span(start))
    }

    /// A plain decimal `[+-]digits[.digits]` of at most 15 digits, read from its bytes with no
    /// string: its significand and power of ten are exact doubles, so one division rounds
    /// correctly (Clinger 1990) and gives exactly what `Double(String)` gives. Anything else
    /// (an exponent, more digits, "5.") is nil and takes the general path.
    static func plainDecimal(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Double? {
        var i = start
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative || bytes[i] == UInt8(ascii: "+") { i += 1 }
        var significand = 0, digits = 0
        var fractionDigits = -1  // -1 until the point
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: ".") {
                guard fractionDigits < 0 else { return nil }
                fractionDigits = 0
            } else if Lexer.isDigit(b) {
                guard digits < 15 else { return nil }
                significand = significand * 10 + Int(b - UInt8(ascii: "0"))
                digits += 1
                if fractionDigits >= 0 { fractionDigits += 1 }
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0, fractionDigits != 0 else { return nil }
        let value = Double(significand) / Lexer.powersOfTen[max(fractionDigits, 0)]
        return negative ? -value : value
    }

    /// 10⁰ … 10¹⁵, each exact.
    static let powersOfTen: [Double] = [
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ]

    /// string = '"' { character | '\"' | '\\' } '"' — on one line.
    private mutating func string(from start: Int) -> Token {
        var value: [UInt8] = []
        while let b = peek() {
            if b == UInt8(ascii: "\"") {
                position += 1
                return Token(.string(String(decoding: value, as: UTF8.self)), span(start))
            }
            if b == UInt8(ascii: "\n") { break }
            if b == UInt8(ascii: "\\") {
                let escapeStart = position
                position += 1
                if let e = peek(), e == UInt8(ascii: "\"") || e == UInt8(ascii: "\\") {
                    value.append(e)
                    position += 1
                } else {
                    if peek() != nil && peek() != UInt8(ascii: "\n") { position += 1 }
                    diagnostics.append(
                        .error(
                            .invalidEscape, "unknown escape `\(span(escapeStart).text)` in a string",
                            at: span(escapeStart),
                            help: "only `\\\"` and `\\\\` are escapes; write a lone backslash as `\\\\`"))
                }
                continue
            }
            value.append(b)
            position += 1
        }
        diagnostics.append(
            .error(
                .unterminatedString, "unterminated string", at: span(start), label: "this string has no closing `\"`",
                help: "close the string with `\"` on the same line"))
        return Token(.string(String(decoding: value, as: UTF8.self)), span(start))
    }

    /// Whether a token can start with this byte (anything else is an invalid character).
    private func startsToken(_ b: UInt8) -> Bool {
        Lexer.isNameStart(b) || Lexer.isDigit(b) || b < 0x80 && "\n\r\t /:,;<>\"#-+.".utf8.contains(b)
    }

    private mutating func invalidCharacter(from start: Int) -> Token {
        // Consume one whole UTF-8 character.
        position += 1
        while let b = peek(), b & 0xC0 == 0x80 { position += 1 }
        let text = span(start).text
        // A run of invalid characters is one problem (a file of NUL bytes is one error, not one
        // per byte).
        var more = 0
        while let b = peek(), !startsToken(b) {
            position += 1
            while let c = peek(), c & 0xC0 == 0x80 { position += 1 }
            more += 1
        }
        let scalar = text.unicodeScalars.first!
        let code =
            "U+" + String(repeating: "0", count: max(0, 4 - String(scalar.value, radix: 16).count))
            + String(scalar.value, radix: 16, uppercase: true)
        var name = "`\(text)`"
        var help: String? = nil
        switch scalar.value {
        case 0x201C, 0x201D, 0x201E, 0x00AB, 0x00BB: help = "use straight double quotes `\"`"
        case 0x2013, 0x2014, 0x2212: help = "use `-` for a minus sign"
        case 0x00A0, 0x2007, 0x202F, 0x2009, 0x200A, 0x3000:
            name = "\(code) (a non-breaking or thin space)"
            help = "replace it with an ordinary space"
        case 0x200B, 0xFEFF, 0x200C, 0x200D:
            name = "\(code) (an invisible character)"
            help = "delete it; it is often pasted in from word processors"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F { name = "\(code) (a control character)" }
        }
        let message =
            "unexpected character \(name)"
            + (more > 0 ? ", followed by \(more) more that \(more == 1 ? "is" : "are") not Forest either" : "")
        diagnostics.append(.error(.invalidCharacter, message, at: span(start), help: help))
        return Token(.invalid(text), span(start))
    }
}
