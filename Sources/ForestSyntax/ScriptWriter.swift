/// Writes statements back as canonical Forest text: one statement per line, single spaces,
/// numbers as they were written, strings re-quoted. `:save` uses it to turn a REPL session into
/// a script that reproduces it.
public enum ScriptWriter {
    public static func text(_ statements: [Statement], header: String? = nil) -> String {
        var lines: [String] = []
        if let header {
            lines += header.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 } + [""]
        }
        for statement in statements {
            let comments = commentsAbove(statement.span)
            if !comments.isEmpty, let last = lines.last, !last.isEmpty { lines.append("") }
            lines += comments
            lines.append(text(statement))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The comment lines right above a statement in its own source — up to the previous line
    /// of code, with single blank lines kept between them — so that a session saved after
    /// `:load` keeps the loaded file's comments. Comments at the end of a line or inside a
    /// statement are not kept (the syntax tree does not hold them).
    static func commentsAbove(_ span: Span) -> [String] {
        let source = span.source
        var lines: [String] = []
        var index = source.lineIndex(of: span.start) - 1
        while index >= 0 {
            let line = source.lineText(index)
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.isEmpty || trimmed.hasPrefix("#") else { break }
            if !(trimmed.isEmpty && lines.last == "") { lines.append(trimmed.isEmpty ? "" : String(trimmed)) }
            index -= 1
        }
        while lines.last == "" { lines.removeLast() }
        while lines.first == "" { lines.removeFirst() }
        return lines.reversed()
    }

    public static func text(_ statement: Statement) -> String {
        switch statement {
        case .review(let s):
            return "review \(quote(s.title.value))"
        case .study(let s):
            let attributes = s.attributes.map { " \($0.name.value) \(value($0.value))" }.joined()
            let entries = s.entries.map { entry in
                let qualifier = entry.qualifier.map { "[\($0.name.value) \(value($0.value))]" } ?? ""
                return "\(entry.name.value)\(qualifier): \(data(entry.data))"
            }.joined(separator: ", ")
            return "study \(quote(s.label.value))\(attributes) < \(entries) >"
        case .studies(let s):
            var words = ["studies", "from", quote(s.path.value)]
            if let outcome = s.outcome { words += ["outcome", outcome.value] }
            if let by = s.rowsBy { words += ["rows", "by", by.value] }
            if !s.columns.isEmpty {
                words += ["columns"] + s.columns.map { "\($0.name.value) \(quote($0.header.value))" }
            }
            return words.joined(separator: " ")
        case .outcome(let s):
            return (["outcome", s.name.value] + s.settings.map { setting($0.setting) } + s.options.map(option))
                .joined(separator: " ")
        case .defaults(let s):
            return (["defaults"] + s.options.map(option)).joined(separator: " ")
        case .label(let s):
            return (["label", s.attribute.value] + s.labels.map { "\(value($0.value)) \(quote($0.text.value))" })
                .joined(separator: " ")
        case .pool(let s):
            return (["pool", s.outcome.value] + s.options.map(option)).joined(separator: " ")
        case .sensitivity(let s):
            let kind: String
            switch s.kind {
            case .leaveOneOut: kind = "leave-one-out"
            case .exclude(let attribute, let v): kind = "exclude \(attribute.value) \(value(v))"
            case .excludeStudies(let labels): kind = "exclude " + labels.map { quote($0.value) }.joined(separator: " ")
            }
            return (["sensitivity", s.outcome.value, kind] + s.options.map(option)).joined(separator: " ")
        case .cumulative(let s):
            return (["cumulative", s.outcome.value] + s.options.map(option)).joined(separator: " ")
        case .bias(let s):
            return (["bias", s.outcome.value, s.test.value.rawValue] + s.options.map(option)).joined(separator: " ")
        case .influence(let s):
            return (["influence", s.outcome.value] + s.options.map(option)).joined(separator: " ")
        case .metareg(let s):
            return (["metareg", s.outcome.value, "on"] + s.moderators.map(\.value) + s.options.map(option))
                .joined(separator: " ")
        case .figure(let s):
            return ([s.kind.rawValue, s.outcome.value] + s.options.map(option)).joined(separator: " ")
        case .prisma, .finding, .findings, .rob, .characteristics, .report:
            return reviewText(statement)
        }
    }

    /// The review's own statements: risk of bias, PRISMA, findings, characteristics.
    static func reviewText(_ statement: Statement) -> String {
        switch statement {
        case .prisma(let s):
            return prisma(s)
        case .finding(let s):
            var words = ["finding", s.outcome.value]
            if let risk = s.risk { words += ["risk", NumberText.plain(risk.value.value)] }
            for d in s.downgrades {
                words += ["downgrade", d.domain.value.rawValue, NumberText.plain(d.levels.value.value)]
                if let reason = d.reason { words.append(quote(reason.value)) }
            }
            return (words + s.options.map(option)).joined(separator: " ")
        case .rob(let s):
            switch s.kind {
            case .figure(let figure, let file): return "rob \(figure.value.rawValue) to \(quote(file.value))"
            case .judgements(let study, let judgements):
                return
                    (["rob", quote(study.value)]
                    + judgements.map { j in
                        "\(j.domain.value.rawValue) \(j.level.value.rawValue)"
                            + (j.support.map { " " + quote($0.value) } ?? "")
                    }).joined(separator: " ")
            }
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
