/// Writes a statement back as canonical Forest text: single spaces, options in a fixed order,
/// numbers as they were written, strings re-quoted. `ScriptFormatter` lays the statements of a
/// script (`forest fmt`) or of a REPL session (`:save`) out from these pieces.
public enum ScriptWriter {
    /// A statement on one line: its cells, one space apart.
    public static func text(_ statement: Statement) -> String {
        cells(statement).map(\.text).joined(separator: " ")
    }

    /// One piece of a statement's line: the keyword and what it names first, then each option,
    /// attribute, setting or judgement, keyed by its name. `forest fmt` aligns the cells of a
    /// run of statements with the same keys into columns.
    public struct Cell: Sendable, Hashable {
        public var key: String
        public var text: String
    }

    /// The statement's cells, options in the canonical order (`optionOrder`).
    public static func cells(_ statement: Statement) -> [Cell] {
        func head(_ words: [String]) -> [Cell] { [Cell(key: words[0], text: words.joined(separator: " "))] }
        func options(_ list: [AnalysisOption]) -> [Cell] {
            ordered(list).map { Cell(key: $0.name.value.rawValue, text: option($0)) }
        }
        switch statement {
        case .study(let s):
            // An entry a cell, keyed by its outcome (and qualifier): `< CR: 3/21 vs 1/21,` …
            // `AE: 8/21 vs 15/21 >`, so that the entries of studies alike line up.
            let entries = s.entries.enumerated().map { index, entry in
                Cell(
                    key: (index == 0 ? "<" : "") + entryText(entry).prefix { $0 != ":" },
                    text: (index == 0 ? "< " : "") + entryText(entry) + (index + 1 < s.entries.count ? "," : " >"))
            }
            return studyHeader(s) + entries
        case .outcome(let s):
            let order = OutcomeSettingName.allCases
            let settings = s.settings.map(\.setting).sorted {
                order.firstIndex(of: $0.keyword)! < order.firstIndex(of: $1.keyword)!
            }
            return head(["outcome", s.name.value])
                + settings.map { Cell(key: $0.keyword.rawValue, text: setting($0)) } + options(s.options)
        case .defaults(let s): return head(["defaults"]) + options(s.options)
        case .pool(let s): return head(["pool", s.outcome.value]) + options(s.options)
        case .sensitivity(let s):
            return head(["sensitivity", s.outcome.value, sensitivityKind(s.kind)]) + options(s.options)
        case .cumulative(let s): return head(["cumulative", s.outcome.value]) + options(s.options)
        case .bias(let s): return head(["bias", s.outcome.value, s.test.value.rawValue]) + options(s.options)
        case .influence(let s): return head(["influence", s.outcome.value]) + options(s.options)
        case .metareg(let s):
            return head(["metareg", s.outcome.value, "on"] + s.moderators.map(\.value)) + options(s.options)
        case .figure(let s): return head([s.kind.rawValue, s.outcome.value]) + options(s.options)
        case .finding(let s):
            var cells = head(["finding", s.outcome.value])
            if let risk = s.risk { cells.append(Cell(key: "risk", text: "risk " + NumberText.plain(risk.value.value))) }
            for d in s.downgrades {
                let text = "downgrade \(d.domain.value.rawValue) \(NumberText.plain(d.levels.value.value))"
                cells.append(Cell(key: "downgrade", text: text + (d.reason.map { " " + quote($0.value) } ?? "")))
            }
            return cells + options(s.options)
        case .rob(let s):
            guard case .judgements(let study, let judgements) = s.kind else {
                return [Cell(key: "rob", text: reviewText(statement))]
            }
            return head(["rob", quote(study.value)])
                + judgements.map { j in
                    Cell(
                        key: j.domain.value.rawValue,
                        text: "\(j.domain.value.rawValue) \(j.level.value.rawValue)"
                            + (j.support.map { " " + quote($0.value) } ?? ""))
                }
        default:
            let text = wholeText(statement)
            return [Cell(key: String(text.prefix { $0 != " " }), text: text)]
        }
    }

    /// `study "LABEL"` and the study's attributes, each a cell.
    public static func studyHeader(_ s: StudyStatement) -> [Cell] {
        [Cell(key: "study", text: "study " + quote(s.label.value))]
            + s.attributes.map { Cell(key: $0.name.value, text: "\($0.name.value) \(value($0.value))") }
    }

    /// `NAME[QUALIFIER]: DATA`, one entry of a study's data.
    public static func entryText(_ entry: OutcomeEntry) -> String {
        let qualifier = entry.qualifier.map { "[\($0.name.value) \(value($0.value))]" } ?? ""
        return "\(entry.name.value)\(qualifier): \(data(entry.data))"
    }

    /// The options in the canonical order: the order of `OptionName`, with `to` (the file)
    /// last. Each option is given at most once, so the order never changes what they mean.
    public static func ordered(_ options: [AnalysisOption]) -> [AnalysisOption] {
        options.enumerated().sorted { a, b in
            let (x, y) = (optionOrder[a.element.name.value] ?? 0, optionOrder[b.element.name.value] ?? 0)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }

    private static let optionOrder: [OptionName: Int] = Dictionary(
        uniqueKeysWithValues: (OptionName.allCases.filter { $0 != .to } + [.to]).enumerated().map { ($1, $0) })

    private static func sensitivityKind(_ kind: SensitivityStatement.Kind) -> String {
        switch kind {
        case .leaveOneOut: "leave-one-out"
        case .exclude(let attribute, let v): "exclude \(attribute.value) \(value(v))"
        case .excludeStudies(let labels): "exclude " + labels.map { quote($0.value) }.joined(separator: " ")
        }
    }

    /// The statements written as one piece.
    private static func wholeText(_ statement: Statement) -> String {
        switch statement {
        case .review(let s):
            return "review \(quote(s.title.value))"
        case .studies(let s):
            var words = ["studies", "from", quote(s.path.value)]
            if let outcome = s.outcome { words += ["outcome", outcome.value] }
            if let by = s.rowsBy { words += ["rows", "by", by.value] }
            if !s.columns.isEmpty {
                words += ["columns"] + s.columns.map { "\($0.name.value) \(quote($0.header.value))" }
            }
            return words.joined(separator: " ")
        case .label(let s):
            return (["label", s.attribute.value] + s.labels.map { "\(value($0.value)) \(quote($0.text.value))" })
                .joined(separator: " ")
        default:
            return reviewText(statement)
        }
    }

    /// The review's own statements written as one piece: a risk-of-bias figure, PRISMA,
    /// findings, characteristics, report.
    static func reviewText(_ statement: Statement) -> String {
        switch statement {
        case .prisma(let s):
            return prisma(s)
        case .rob(let s):
            guard case .figure(let figure, let file) = s.kind else { return text(statement) }
            return "rob \(figure.value.rawValue) to \(quote(file.value))"
        case .report(let s):
            return "report to \(quote(s.file.value))"
        case .findings(let s):
            return "findings" + (s.file.map { " to \(quote($0.value))" } ?? "")
        case .characteristics(let s):
            let columns = s.columns.map { column in
                column.name.value + (column.title.map { " " + quote($0.value) } ?? "")
            }
            return (["characteristics"] + columns + (s.file.map { ["to", quote($0.value)] } ?? [])).joined(
                separator: " ")
        default:
            return ""
        }
    }

    /// `prisma FIELD COUNT …` or `prisma to "FILE"`.
    static func prisma(_ s: PrismaStatement) -> String {
        if let file = s.file { return "prisma to \(quote(file.value))" }
        let counts = s.counts.map { count -> String in
            switch count.value {
            case .number(let n): "\(count.field.value.rawValue) \(NumberText.plain(n.value.value))"
            case .unknown: "\(count.field.value.rawValue) unknown"
            case .list(let list):
                count.field.value.rawValue + " "
                    + list.map { "\(quote($0.name.value)) \(NumberText.plain($0.count.value.value))" }
                    .joined(separator: ", ")
            }
        }
        return (["prisma"] + counts).joined(separator: " ")
    }

    /// A string literal with `"` and `\` escaped.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }

    private static func value(_ v: Located<AttributeValue>) -> String {
        switch v.value {
        case .number: v.span.text
        case .string(let s): quote(s)
        case .name(let n): n
        }
    }

    private static func number(_ n: Located<NumberLiteral>) -> String { n.span.text }

    private static func data(_ spec: DataSpec) -> String {
        switch spec {
        case .binary(let a, let n1, let c, let n2):
            "\(number(a))/\(number(n1)) vs \(number(c))/\(number(n2))"
        case .continuous(let e, let c):
            "\(number(e.mean)) sd \(number(e.sd)) n \(number(e.n)) vs \(number(c.mean)) sd \(number(c.sd)) n \(number(c.n))"
        case .generic(let y, let se):
            "\(number(y)) se \(number(se))"
        case .observedMinusExpected(let z, let v):
            "\(number(z)) var \(number(v))"
        case .proportion(let x, let n):
            "\(number(x))/\(number(n))"
        case .rate(let x1, let t1, let x2, let t2):
            "\(number(x1)) per \(number(t1)) vs \(number(x2)) per \(number(t2))"
        case .correlation(let r, let n):
            "\(number(r)) n \(number(n))"
        }
    }

    private static func setting(_ s: OutcomeStatement.Setting) -> String {
        switch s {
        case .label(let t): "label \(quote(t.value))"
        case .scale(let t): "scale \(t.value.rawValue)"
        case .effect(let t): "effect \(quote(t.value))"
        case .arms(let e, let c): "arms \(quote(e.value)) \(quote(c.value))"
        case .favours(let l, let r): "favours \(quote(l.value)) \(quote(r.value))"
        }
    }

    private static func option(_ o: AnalysisOption) -> String {
        switch o.value {
        case .word(let w)?: "\(o.name.value.rawValue) \(w.value)"
        case .number(let n)?: "\(o.name.value.rawValue) \(n.span.text)"
        case .string(let s)?: "\(o.name.value.rawValue) \(quote(s.value))"
        case .selection(let attribute, let v)?: "\(o.name.value.rawValue) \(attribute.value) \(value(v))"
        case .sortKey(let key, let direction)?:
            "\(o.name.value.rawValue) \(key.value)" + (direction.map { " " + $0.value.rawValue } ?? "")
        case .numbers(let numbers)?: ([o.name.value.rawValue] + numbers.map(\.span.text)).joined(separator: " ")
        case .words(let words)?: ([o.name.value.rawValue] + words.map(\.value)).joined(separator: " ")
        case .colours(let settings)?:
            ([o.name.value.rawValue] + settings.map { "\($0.target.value.rawValue) \(quote($0.colour.value))" })
                .joined(separator: " ")
        case nil: o.name.value.rawValue
        }
    }
}
