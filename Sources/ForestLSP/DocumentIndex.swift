import ForestSyntax

/// Where a document defines and uses its studies and outcomes: for go to definition, find
/// references, document symbols and hover.
struct DocumentIndex {
    enum Symbol: Hashable {
        case study(String)
        case outcome(String)
    }

    struct Occurrence {
        var symbol: Symbol
        var span: Span
        /// A study's `study "LABEL"`; an outcome's `outcome NAME`, or its first use when it is
        /// not declared.
        var isDefinition: Bool
    }

    let statements: [Statement]
    private(set) var occurrences: [Occurrence] = []

    init(_ source: SourceFile) {
        statements = Parser.parse(source).script.statements
        for statement in statements { occurrences += Self.occurrences(in: statement) }
        // An outcome that no `outcome` statement declares is defined where it is first used.
        let declared = Set(occurrences.filter(\.isDefinition).map(\.symbol))
        var seen: Set<Symbol> = []
        for index in occurrences.indices {
            let symbol = occurrences[index].symbol
            guard case .outcome = symbol, !declared.contains(symbol), !seen.contains(symbol) else { continue }
            seen.insert(symbol)
            occurrences[index].isDefinition = true
        }
    }

    /// The occurrences one statement holds.
    private static func occurrences(in statement: Statement) -> [Occurrence] {
        let outcome = { (name: Located<String>) in
            Occurrence(symbol: .outcome(name.value), span: name.span, isDefinition: false)
        }
        switch statement {
        case .study(let s):
            return [Occurrence(symbol: .study(s.label.value), span: s.label.span, isDefinition: true)]
                + s.entries.map { outcome($0.name) }
        case .outcome(let s):
            return [Occurrence(symbol: .outcome(s.name.value), span: s.name.span, isDefinition: true)]
        case .studies(let s): return s.outcome.map { [outcome($0)] } ?? []
        case .pool(let s): return [outcome(s.outcome)]
        case .cumulative(let s): return [outcome(s.outcome)]
        case .bias(let s): return [outcome(s.outcome)]
        case .metareg(let s): return [outcome(s.outcome)]
        case .influence(let s): return [outcome(s.outcome)]
        case .figure(let s): return [outcome(s.outcome)]
        case .finding(let s): return [outcome(s.outcome)]
        case .sensitivity(let s):
            guard case .excludeStudies(let labels) = s.kind else { return [outcome(s.outcome)] }
            return [outcome(s.outcome)]
                + labels.map { Occurrence(symbol: .study($0.value), span: $0.span, isDefinition: false) }
        case .rob(let s):
            guard case .judgements(let study, _) = s.kind else { return [] }
            return [Occurrence(symbol: .study(study.value), span: study.span, isDefinition: false)]
        default:
            return []
        }
    }

    /// The occurrence at a byte offset (its span holds it, or ends at it).
    func occurrence(at offset: Int) -> Occurrence? {
        occurrences.first { $0.span.start <= offset && offset <= $0.span.end }
    }

    func definition(of symbol: Symbol) -> Occurrence? {
        occurrences.first { $0.symbol == symbol && $0.isDefinition }
    }

    func references(to symbol: Symbol) -> [Occurrence] {
        occurrences.filter { $0.symbol == symbol }
    }

    /// The statement whose span holds a byte offset.
    func statement(at offset: Int) -> Statement? {
        statements.first { $0.span.start <= offset && offset <= $0.span.end }
    }
}
