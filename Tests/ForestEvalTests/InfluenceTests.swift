import ForestEval
import ForestRender
import ForestStats
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// `influence OUTCOME`: metafor 3.8-1's `influence()` and `baujat()` on dat.bcg (risk ratios),
/// values computed with R on this machine:
///   dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
///   r <- rma(yi, vi, data = dat, method = …, test = …); influence(r); baujat(r)
@Suite("Influence diagnostics")
struct InfluenceTests {
    /// rstudent, dffits, cook.d, cov.r, tau2.del, QE.del, hat, weight, dfbetas, Baujat x, y.
    static let reml: [(String, [Double])] = [
        (
            "Hart & Sutherland 1977",
            [
                -1.45120007105889e+00, -5.20050612341681e-01, 2.29481429376374e-01, 9.65126908803455e-01,
                2.62758356241501e-01, 9.65625949713915e+01, 9.69874673569736e-02, 9.69874673569736e+00,
                -5.13813036605460e-01, 1.58604972349137e+00, 2.37773320050604e-01,
            ]
        ),
        (
            "TPT Madras 1980",
            [
                1.45008026839721e+00, 4.77459927935019e-01, 1.99177558127151e-01, 1.00107026008350e+00,
                2.73183034116211e-01, 6.79858114990849e+01, 1.01894386345929e-01, 1.01894386345929e+01,
                4.71373813395234e-01, 1.66384562229749e+00, 1.98964614242499e-01,
            ]
        ),
    ]
    static let dlKnappHartung: [(String, [Double])] = [
        (
            "Hart & Sutherland 1977",
            [
                -1.46256019558995e+00, -5.74165649671491e-01, 2.78857240078748e-01, 9.89789433011186e-01,
                2.16733557945814e-01, 9.65625949713915e+01, 9.71764635681429e-02, 9.71764635681429e+00,
                -5.60151495389651e-01, 1.60951334762019e+00, 2.81733902968023e-01,
            ]
        ),
        (
            "TPT Madras 1980",
            [
                1.47831821419160e+00, 4.64415328948420e-01, 1.76757170445739e-01, 9.93037615557377e-01,
                2.10885232574870e-01, 6.79858114990849e+01, 1.02163425332843e-01, 1.02163425332843e+01,
                4.47248500243251e-01, 1.68576967928858e+00, 1.77996450161183e-01,
            ]
        ),
    ]
    static let fixed: [(String, [Double])] = [
        (
            "Hart & Sutherland 1977",
            [
                -7.46126082582440e+00, -2.22946502645010e+00, 4.97051430416415e+00, 1.08928466714007e+00,
                0.00000000000000e+00, 9.65625949713915e+01, 8.19663305961031e-02, 8.19663305961031e+00,
                -2.22946502645010e+00, 5.11073136255054e+01, 4.56309948547637e+00,
            ]
        ),
        (
            "TPT Madras 1980",
            [
                9.17862716223338e+00, 7.71509950769771e+00, 5.95227604136775e+01, 1.70652511689018e+00,
                0.00000000000000e+00, 6.79858114990849e+01, 4.14013898709963e-01, 4.14013898709963e+01,
                7.71509950769772e+00, 4.93676862704565e+01, 3.48795103128319e+01,
            ]
        ),
    ]

    static func analysis(_ options: String) throws -> InfluenceAnalysis {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: "i.forest", text: MetaRegressionTests.bcg + "\ninfluence TB measure RR " + options))
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
        for case .influence(let a) in evaluation.analyses { return a }
        throw Failure()
    }

    struct Failure: Error {}

    @Test(arguments: [
        ("model random tau REML", 0), ("model random tau DL hksj", 1), ("", 2),
    ])
    func everyColumnAsMetaforHasIt(_ options: String, _ set: Int) throws {
        let a = try Self.analysis(options + " convention metafor")
        for (label, want) in [Self.reml, Self.dlKnappHartung, Self.fixed][set] {
            let row = try #require(a.result.rows[a.studies.firstIndex(of: label)!])
            let got = [
                row.rstudent, row.dffits, row.cooksDistance, row.covarianceRatio, row.tau2Deleted, row.qeDeleted,
                row.hat, row.weightPercent, row.dfbetas, row.baujatX, row.baujatY,
            ]
            for (g, w) in zip(got, want) {
                #expect(abs(g - w) <= 1e-12 + 1e-9 * abs(w), "\(label): \(g) vs \(w)")
            }
        }
        let flagged = zip(a.studies, a.result.rows).filter { $0.1?.influential == true }.map(\.0)
        // metafor flags three studies of the fixed-effect model (their hat values exceed 3/k).
        #expect(flagged == (set == 2 ? ["Hart & Sutherland 1977", "Stein & Aronson 1953", "TPT Madras 1980"] : []))
    }

    @Test func textJSONAndMistakes() throws {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: "i", text: MetaRegressionTests.bcg + "\ninfluence TB measure RR to \"baujat.svg\""))
        let text = TextReport().render(evaluation.analyses)
        #expect(text.contains("Influential: Hart & Sutherland 1977, Stein & Aronson 1953, TPT Madras 1980"))
        #expect(text.contains("Baujat plot of TB written to baujat.svg"))
        let json = JSONReport.document(evaluation.analyses).serialized()
        #expect(json.contains(#""kind":"influence""#) && json.contains(#""influential":true"#))
        #expect(evaluation.outputs.map(\.path) == ["baujat.svg"])
        for (statement, id) in [
            ("influence TB method MH", DiagnosticID.incompatibleOption), ("influence TB by alloc", .unknownOption),
        ] {
            let diagnostics = session.evaluate(SourceFile(name: "j", text: statement)).diagnostics
            #expect(diagnostics.map(\.id) == [id], "\(statement): \(diagnostics.map(\.message))")
        }
        var fresh = Session()
        let two = fresh.evaluate(
            SourceFile(name: "k", text: "study \"A\" < Y: 0.1 se 0.2 >\nstudy \"B\" < Y: 0.3 se 0.2 >\ninfluence Y"))
        #expect(two.diagnostics.map(\.id) == [.tooFewStudies])
    }
}
