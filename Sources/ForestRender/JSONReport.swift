import Foundation
import ForestEval
import ForestStats

/// The JSON contract of LANGUAGE.md and shared/reference/README.md:
/// `{"results": [ANALYSIS, …]}`, each analysis with `outcome`, its settings and its results.
public enum JSONReport {
    public static func document(_ analyses: [Analysis]) -> JSONValue {
        .object([("results", .array(analyses.map(value)))])
    }

    public static func value(_ analysis: Analysis) -> JSONValue {
        switch analysis {
        case .pool(let pool):
            return .object([("outcome", .string(pool.outcome.name)), ("kind", .string("pool"))]
                + settings(pool.result.options) + poolFields(pool.result, logScale: pool.logScale, labels: pool.studies.map(\.label)))
        }
    }

    /// `measure`, `method`, `model`, `tau2_method`, `hksj`, `convention`, `level`.
    static func settings(_ options: PoolOptions) -> [(String, JSONValue)] {
        [
            ("measure", .string(options.measure.rawValue)),
            ("method", .string(options.method.rawValue)),
            ("model", .string(options.model.rawValue)),
            ("tau2_method", options.model == .random ? .string(options.tauMethod.rawValue) : .null),
            ("hksj", .bool(options.hksj)),
            ("convention", .string(options.convention.rawValue)),
            ("level", .number(options.level)),
        ]
    }

    /// The fields of a pooled result (also used for subgroups, rows, …).
    static func poolFields(_ r: PoolResult, logScale: Bool, labels: [String]) -> [(String, JSONValue)] {
        let natural: (Double?) -> JSONValue = { value in .optional(value.map { logScale ? exp($0) : $0 }) }
        var fields: [(String, JSONValue)] = [
            ("k", .int(r.k)), ("k_all", .int(r.kAll)),
            ("estimate", natural(r.estimate)),
            ("ci_lower", natural(r.interval?.lower)), ("ci_upper", natural(r.interval?.upper)),
            ("log_estimate", .optional(r.estimate)), ("se", .optional(r.standardError)),
        ]
        switch r.statistic {
        case .t(let t, let df)?: fields += [("t", .number(t)), ("t_df", .number(df))]
        case .z(let z)?: fields.append(("z", .number(z)))
        case nil: fields.append(("z", .null))
        }
        fields += [
            ("p", .optional(r.pValue)),
            ("Q", .optional(r.heterogeneity.q)), ("df", .int(r.heterogeneity.df)),
            ("p_Q", .optional(r.heterogeneity.pValue)),
            ("I2", .optional(r.heterogeneity.i2)), ("H2", .optional(r.heterogeneity.h2)),
            ("tau2", .number(r.tau2)),
        ]
        if r.options.model == .random {
            fields += [("pi_lower", natural(r.prediction?.lower)), ("pi_upper", natural(r.prediction?.upper))]
        }
        fields.append(("studies", .array(zip(labels, r.studies).map { label, row in
            .object([
                ("study", .string(label)),
                ("estimate", natural(row.effect?.y)),
                ("ci_lower", natural(row.interval?.lower)), ("ci_upper", natural(row.interval?.upper)),
                ("weight_percent", .number(row.weightPercent)),
                ("log_estimate", .optional(row.effect?.y)), ("se", .optional(row.effect.map { $0.v.squareRoot() })),
            ])
        })))
        return fields
    }
}
