/// The commonest statement read straight from its bytes: a study on one line with plain
/// attributes and binary, continuous or generic data,
///
///     study "S1" year 2011 design "RCT" < Y: 138/355 vs 95/356, Z: 1.2 se 0.3 >
///
/// without making a token for each word, number and punctuation mark — a file of a million
/// studies spent most of its parsing there. Whatever it does not expect (an escape in a string,
/// a qualifier, another data form, an exponent, a comment or a line break before `>`, anything
/// but the end of the statement after it) makes it give up before anything is kept, and the
/// statement is lexed and parsed as usual. So it yields exactly the `StudyStatement` the parser
/// would, spans included (StudyFastPathTests compare the two), and never a diagnostic: every
/// problem is reported by the ordinary path.
struct StudyFastPath {
    private let source: SourceFile
    /// The source's bytes, for as long as `read` runs.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int

    /// The study whose keyword (`study`, at `keyword`) the lexer has just read, and the offset
    /// just after its `>`; nil when the statement is not one this path reads.
    static func read(_ source: SourceFile, after keyword: Span) -> (statement: StudyStatement, end: Int)? {
        source.bytes.withUnsafeBufferPointer { bytes in
            var reader = StudyFastPath(source: source, bytes: bytes, position: keyword.end)
            return reader.study(keyword)
        }
    }

    /// The offset of the `study` keyword that starts the next statement when only blanks, line
    /// breaks and `;` come before it from `position` (the parser then needs no token for
    /// them); nil for anything else.
    static func keyword(in source: SourceFile, from position: Int) -> Int? {
        let bytes = source.bytes
        var start = position
        while start < bytes.count {
            switch bytes[start] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: ";"): start += 1
            default:
                let end = start + 5
                guard end < bytes.count, bytes[start] == UInt8(ascii: "s"), bytes[start + 1] == UInt8(ascii: "t"),
                    bytes[start + 2] == UInt8(ascii: "u"), bytes[start + 3] == UInt8(ascii: "d"),
                    bytes[start + 4] == UInt8(ascii: "y"),
                    bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t")
                else { return nil }
                return start
            }
        }
        return nil
    }

    private mutating func study(_ keyword: Span) -> (statement: StudyStatement, end: Int)? {
        guard blank(), let label = string() else { return nil }
        var attributes: [Attribute] = []
        while blank(), position < bytes.count, bytes[position] != UInt8(ascii: "<") {
            guard let name = name(), blank(), let value = attributeValue() else { return nil }
            attributes.append(Attribute(name: name, value: value))
        }
        guard position < bytes.count else { return nil }
        position += 1
        var entries: [OutcomeEntry] = []
        entries.reserveCapacity(entriesOnLine())
        while true {
            skipBlanksAndLineBreaks()
            if byte == UInt8(ascii: ">") && !entries.isEmpty { break }
            guard entry(into: &entries) else { return nil }
            skipBlanksAndLineBreaks()
            if byte == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard byte == UInt8(ascii: ">") else { return nil }
            break
        }
        let close = span(position, position + 1)
        position += 1
        guard endsStatement() else { return nil }
        let statement = StudyStatement(
            label: label, attributes: attributes, entries: entries, span: keyword.merged(with: close))
        return (statement, position)
    }

    /// `NAME: DATA`, the data binary, continuous or generic, appended to `entries` (made in
    /// place there, not moved through an optional); false when it is not one of these.
    private mutating func entry(into entries: inout [OutcomeEntry]) -> Bool {
        guard let name = name(), byte == UInt8(ascii: ":") else { return false }
        position += 1
        skipBlanksAndLineBreaks()
        guard let first = number() else { return false }
        skipBlanksAndLineBreaks()
        let data: DataSpec
        let last: Located<NumberLiteral>
        if byte == UInt8(ascii: "/") {
            guard let (totalE, eventsC, totalC) = binaryRest() else { return false }
            (data, last) = (.binary(eventsE: first, totalE: totalE, eventsC: eventsC, totalC: totalC), totalC)
        } else if word("sd") {
            guard let experimental = armRest(mean: first), word("vs"), let mean = number(), word("sd"),
                let control = armRest(mean: mean)
            else { return false }
            (data, last) = (.continuous(experimental: experimental, control: control), control.n)
        } else if word("se") {
            guard let se = number() else { return false }
            (data, last) = (.generic(estimate: first, standardError: se), se)
        } else {
            return false
        }
        entries.append(OutcomeEntry(name: name, qualifier: nil, data: data, span: name.span.merged(with: last.span)))
        return true
    }

    /// `/ N vs N / N` after a binary outcome's first number.
    private mutating func binaryRest() -> (Located<NumberLiteral>, Located<NumberLiteral>, Located<NumberLiteral>)? {
        position += 1
        skipBlanksAndLineBreaks()
        guard let totalE = number(), word("vs"), let eventsC = number() else { return nil }
        skipBlanksAndLineBreaks()
        guard byte == UInt8(ascii: "/") else { return nil }
        position += 1
        skipBlanksAndLineBreaks()
        guard let totalC = number() else { return nil }
        return (totalE, eventsC, totalC)
    }

    /// `S n N` after an arm's mean and `sd`.
    private mutating func armRest(mean: Located<NumberLiteral>) -> Arm? {
        guard let sd = number(), word("n"), let n = number() else { return nil }
        return Arm(mean: mean, sd: sd, n: n)
    }

    // MARK: - Pieces

    /// How many entries there are up to the first `>` or line break (one more than the commas
    /// before it; only a hint): the study's array of entries is made that large at once, not
    /// grown by copying (10,000 outcomes of 264 bytes each).
    private func entriesOnLine() -> Int {
        guard let base = bytes.baseAddress else { return 1 }
        // Eight bytes at a time (a line of 10,000 entries is 240 KB): a word holding `\n` or `>`
        // ends the fast part, and its commas are counted with the rest, byte by byte.
        var commas = 0
        var i = position
        while i + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if ByteSearch.bytes(of: word, equalTo: UInt8(ascii: "\n"))
                | ByteSearch.bytes(of: word, equalTo: UInt8(ascii: ">")) != 0
            {
                break
            }
            commas += ByteSearch.bytes(of: word, equalTo: UInt8(ascii: ",")).nonzeroBitCount
            i += 8
        }
        while i < bytes.count && base[i] != UInt8(ascii: "\n") && base[i] != UInt8(ascii: ">") {
            if base[i] == UInt8(ascii: ",") { commas += 1 }
            i += 1
        }
        return commas + 1
    }

    private var byte: UInt8 { position < bytes.count ? bytes[position] : 0 }

    private func span(_ start: Int, _ end: Int) -> Span { Span(source: source, start: start, end: end) }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// Skips spaces and tabs; true (for use in conditions).
    private mutating func blank() -> Bool {
        while byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
        return true
    }

    /// Inside `< … >` line breaks are blanks too (a carriage return or a comment: give up).
    private mutating func skipBlanksAndLineBreaks() {
        while byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") { position += 1 }
    }

    /// A string without escapes, on one line.
    private mutating func string() -> Located<String>? {
        guard byte == UInt8(ascii: "\"") else { return nil }
        let start = position
        position += 1
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
            if bytes[position] == UInt8(ascii: "\\") || bytes[position] == UInt8(ascii: "\n") { return nil }
            position += 1
        }
        guard position < bytes.count else { return nil }
        position += 1
        return Located(text(start + 1, position - 1), span(start, position))
    }

    /// A name not joined to another by `-`.
    private mutating func name() -> Located<String>? {
        guard Lexer.isNameStart(byte) else { return nil }
        let start = position
        while position < bytes.count && Lexer.isNameContinue(bytes[position]) { position += 1 }
        guard byte != UInt8(ascii: "-") else { return nil }
        return Located(text(start, position), span(start, position))
    }

    /// Blanks, then this word standing alone, then blanks.
    private mutating func word(_ word: StaticString) -> Bool {
        skipBlanksAndLineBreaks()
        let length = word.utf8CodeUnitCount
        guard position + length <= bytes.count else { return false }
        for k in 0..<length where bytes[position + k] != word.utf8Start[k] { return false }
        let after = position + length < bytes.count ? bytes[position + length] : 0
        guard !Lexer.isNameContinue(after) && after != UInt8(ascii: "-") else { return false }
        position += length
        skipBlanksAndLineBreaks()
        return true
    }

    /// `[+-]digits[.digits]` of at most 15 digits, followed by a blank, a line break or
    /// `/ , < >`, read in one pass to exactly the double the lexer makes of it
    /// (`Lexer.plainDecimal`: the significand and the power of ten are exact doubles, so their
    /// quotient rounds correctly).
    private mutating func number() -> Located<NumberLiteral>? {
        let start = position
        let negative = byte == UInt8(ascii: "-")
        if negative || byte == UInt8(ascii: "+") { position += 1 }
        var significand = 0, digits = 0
        var fractionDigits = -1  // -1 until the point
        while true {
            if Lexer.isDigit(byte) {
                guard digits < 15 else { return nil }
                significand = significand * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                if fractionDigits >= 0 { fractionDigits += 1 }
            } else if byte == UInt8(ascii: ".") && fractionDigits < 0 {
                fractionDigits = 0
            } else {
                break
            }
            position += 1
        }
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "/"), UInt8(ascii: ","),
            UInt8(ascii: "<"), UInt8(ascii: ">"):
            break
        default: return nil
        }
        guard digits > 0, fractionDigits != 0 else { return nil }
        let magnitude = Double(significand) / Lexer.powersOfTen[max(fractionDigits, 0)]
        return Located(NumberLiteral(value: negative ? -magnitude : magnitude), span(start, position))
    }

    /// An attribute's value: a number, a string or a name.
    private mutating func attributeValue() -> Located<AttributeValue>? {
        if byte == UInt8(ascii: "\"") { return string().map { Located(.string($0.value), $0.span) } }
        if Lexer.isNameStart(byte) { return name().map { Located(.name($0.value), $0.span) } }
        return number().map { Located(.number($0.value.value), $0.span) }
    }

    /// After `>`: blanks, then the end of the line, `;`, a comment or the end of the input.
    private mutating func endsStatement() -> Bool {
        _ = blank()
        switch byte {
        case 0: return position == bytes.count
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ";"), UInt8(ascii: "#"): return true
        default: return false
        }
    }
}
