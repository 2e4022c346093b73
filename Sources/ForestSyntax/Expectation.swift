/// What the grammar expects next at the end of an unfinished statement — what the parser would
/// have read had the input gone on. The REPL's completion maps it to candidates, so that the
/// parser is the only grammar (`Parser.expectation(at:)`).
public enum Expectation: Sendable, Hashable {
    /// A statement keyword (the start of a statement).
    case statementKeyword
    /// The name of an outcome.
    case outcomeName
    /// The name of a study attribute (in a study, after `by` or `exclude`).
    case attributeName
    /// A value of `attribute` as the studies of `outcome` (nil: any study) have it
    /// (`exclude ATTRIBUTE VALUE`, `label ATTRIBUTE VALUE`).
    case attributeValue(attribute: String, outcome: String?)
    /// One of these words (outcome settings not yet given, scales, sensitivity kinds, tests).
    case words([String])
    /// An option of `statement` about `outcome`, among `options` (those not given yet).
    case option(among: [OptionName], statement: StatementKeyword, outcome: String)
    /// The value of `option` in a statement about `outcome`.
    case optionValue(OptionName, outcome: String)
    /// What to sort by: `label`, `effect`, `weight` or an attribute.
    case sortKey
    /// A study's `< … >`, which may start on the next line: the statement is not complete.
    case studyData
    /// Something no list can offer: a number, a string, punctuation, or nothing at all.
    case nothing
}

extension Parser {
    /// What the grammar expects at the end of `text`: the statements it holds are parsed as a
    /// script (an unfinished statement may span several lines inside `< … >`).
    public static func expectation(at text: String) -> Expectation {
        let (tokens, _) = Lexer.tokenize(SourceFile(name: "", text: text))
        var parser = Parser(tokens: tokens)
        _ = parser.parseScript()
        return parser.expectation ?? .nothing
    }
}
