import ForestEval
import ForestStats

extension JSONReport {
    /// `kind: "influence"`: metafor's `influence()` columns for each study (null where the model
    /// without it did not converge), the Baujat coordinates, and the full model's estimate, τ², QE.
    static func influence(_ a: InfluenceAnalysis) -> JSONValue {
        let rows: [JSONValue] = zip(a.studies, a.result.rows).map { label, row in
            guard let row else { return .object([("study", .string(label))]) }
            return .object([
                ("study", .string(label)), ("rstudent", .number(row.rstudent)), ("dffits", .number(row.dffits)),
                ("dfbetas", .number(row.dfbetas)), ("cook_d", .number(row.cooksDistance)),
                ("cov_r", .number(row.covarianceRatio)), ("tau2_del", .number(row.tau2Deleted)),
                ("QE_del", .number(row.qeDeleted)), ("hat", .number(row.hat)),
                ("weight_percent", .number(row.weightPercent)), ("influential", .bool(row.influential)),
                ("baujat_x", .number(row.baujatX)), ("baujat_y", .number(row.baujatY)),
            ])
        }
        var fields: [(String, JSONValue)] =
            header(a.outcome, "influence", a.options) + [
                ("k", .int(a.studies.count)), ("analysis_estimate", .number(a.result.estimate)),
                ("tau2", .number(a.result.tau2)), ("QE", .number(a.result.qe)), ("studies", .array(rows)),
            ]
        if let file = a.file { fields.append(("file", .string(file))) }
        return .object(fields)
    }
}
