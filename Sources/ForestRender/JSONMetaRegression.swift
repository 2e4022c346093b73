import ForestEval
import ForestStats

extension JSONReport {
    /// `kind: "metareg"`: the fields of the reference cases' meta-regressions — coefficients on
    /// the analysis scale, residual τ², I², H², R² (random effects), QE and QM with their df and
    /// p — and which studies the model holds and which it left out.
    static func metaRegression(_ m: MetaRegressionAnalysis) -> JSONValue {
        let r = m.result
        let test = r.tDF == nil ? "z" : "t"
        let coefficients: [JSONValue] = r.coefficients.map { c in
            .object([
                ("name", .string(c.name)), ("estimate", .number(c.estimate)), ("se", .number(c.standardError)),
                (test, .number(c.statistic)), ("p", .number(c.pValue)), ("ci_lower", .number(c.interval.lower)),
                ("ci_upper", .number(c.interval.upper)),
            ])
        }
        var fields: [(String, JSONValue)] =
            header(m.outcome, "metareg", m.options) + [
                ("moderators", .array(m.moderators.map { .string($0.name) })),
                (
                    "levels",
                    .object(
                        m.moderators.compactMap { moderator in
                            moderator.levels.map { (moderator.name, .array($0.map { .string($0) })) }
                        })
                ),
                ("k", .int(r.k)), ("coefficients", .array(coefficients)),
            ]
        if let file = m.file { fields.append(("file", .string(file))) }
        if let df = r.tDF { fields.append(("t_df", .int(df))) }
        fields += [
            ("tau2", .number(r.tau2)), ("I2", .number(r.i2)), ("H2", .number(r.h2)),
        ]
        if m.options.model == .random { fields.append(("R2", .optional(r.r2))) }
        fields += [
            ("QE", .number(r.qe)), ("QE_df", .int(r.qeDF)), ("p_QE", .number(r.qeP)),
            ("QM", .number(r.qm)), ("QM_df", .int(r.qmDF)),
        ]
        if let df2 = r.qmDF2 { fields.append(("QM_df2", .int(df2))) }
        fields += [
            ("p_QM", .number(r.qmP)),
            ("studies", .array(m.studies.map { .string($0) })),
            (
                "left_out",
                .array(
                    m.leftOut.map {
                        .object([("study", .string($0.study)), ("missing", .array($0.missing.map { .string($0) }))])
                    })
            ),
        ]
        return .object(fields)
    }
}
