import ForestSyntax

/// Where a session's statements come from: a parse handing each to `body` in order, then
/// returning its diagnostics.
protocol StatementSource {
    func statements(_ body: (Statement) -> Void) -> [Diagnostic]
}

/// The source parsed on the evaluating thread, each statement evaluated before the next is read.
struct SourceParse: StatementSource {
    let source: SourceFile

    func statements(_ body: (Statement) -> Void) -> [Diagnostic] { Parser.parse(source, each: body) }
}
