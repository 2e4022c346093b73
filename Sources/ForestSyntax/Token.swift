/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Hashable {
    /// A name: keyword, outcome, attribute or option value (`study`, `PR`, `leave-one-out`).
    case word(String)
    /// A double-quoted string, escapes resolved.
    case string(String)
    /// A number literal.
    case number(Double)
    case slash
    case colon
    case comma
    case semicolon
    case lessThan
    case greaterThan
    case leftBracket
    case rightBracket
    case newline
    case endOfInput
    /// A character that cannot start any token (already reported by the lexer).
    case invalid(String)

    public var isString: Bool {
        if case .string = self { return true }
        return false
    }

    /// How the token is named in "expected …, found …" messages.
    public var description: String {
        switch self {
        case .word(let w): "`\(w)`"
        case .string(let s): "the string \"\(s)\""
        case .number: "a number"
        case .slash: "`/`"
        case .colon: "`:`"
        case .comma: "`,`"
        case .semicolon: "`;`"
        case .lessThan: "`<`"
        case .greaterThan: "`>`"
        case .leftBracket: "`[`"
        case .rightBracket: "`]`"
        case .newline: "the end of the line"
        case .endOfInput: "the end of the input"
        case .invalid(let text): "`\(text)`"
        }
    }
}

/// A token and where it is.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var span: Span

    public init(_ kind: TokenKind, _ span: Span) {
        self.kind = kind
        self.span = span
    }

    public var word: String? {
        if case .word(let w) = kind { return w }
        return nil
    }
}
