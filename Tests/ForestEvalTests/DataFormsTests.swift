import ForestEval
import ForestRender
import ForestStats
import ForestSyntax
import Foundation
import Testing

/// The data forms beyond RevMan's: single-group proportions, incidence rates, correlations and
/// O − E with its variance, against metafor 3.8-1 (R on this machine; the tests need no R):
///
///   dat.pritz1997:      escalc("PLO"|"PFT"|"PR", xi = xi, ni = ni); rma(…, method = "REML"|"FE");
///                       predict(…, transf = transf.ilogit | transf.ipft.hm, targs = list(ni = ni))
///   dat.nielweise2008:  escalc("IRR"|"IRD", x1i, t1i, x2i, t2i); rma(…, method = "DL"|"FE")
///   dat.molloy2014:     escalc("ZCOR"|"COR", ri = ri, ni = ni); rma(…, method = "REML"|"FE");
///                       predict(…, transf = transf.ztor)
///   dat.bcg as O − E:   Peto's Z = a − n₁(a + c)/N and V = n₁n₂(a + c)(b + d)/(N²(N − 1)) of each
///                       table; rma.peto(tpos, tneg, cpos, cneg) and rma(Z/V, 1/V, method = "DL")
@Suite("Data forms: proportions, rates, correlations, O − E")
struct DataFormsTests {
    static let proportions = """
        study "Giannotta et al." < P: 16/17 >
        study "Haraguchi and Ebina" < P: 10/12 >
        study "Swift and Solomon" < P: 4/8 >
        study "Kassell et al." < P: 43/58 >
        study "Tanabe et al." < P: 10/10 >
        study "Awad et al." < P: 25/42 >
        study "Finn et al." < P: 13/14 >
        study "Hadeishi et al." < P: 12/12 >
        study "Otsubo et al." < P: 22/41 >
        study "Muizelaar and Becker" < P: 4/5 >
        study "Rosenstein et al." < P: 5/6 >
        study "Levy et al." < P: 18/23 >
        study "Shimoda et al." < P: 58/68 >
        study "Solomon et al." < P: 6/10 >
        """

    static let rates = """
        study "Bong et al. 2003" < R: 7 per 1344 vs 11 per 1988 >
        study "Ciresi et al. 1996" < R: 8 per 1600 vs 8 per 1461 >
        study "Hanna et al. 2004" < R: 3 per 12012 vs 14 per 10962 >
        study "Harter et al. 2002" < R: 6 per 1536 vs 10 per 1503 >
        study "Jaeger et al. 2001" < R: 1 per 370 vs 1 per 483 >
        study "Jaeger et al. 2005" < R: 1 per 729 vs 8 per 913 >
        study "Logghe et al. 1997" < R: 17 per 6760 vs 15 per 6840 >
        study "Ostendorf et al. 2005" < R: 3 per 1107 vs 7 per 1015 >
        study "Pemberton et al. 1996" < R: 2 per 320 vs 3 per 440 >
        """

    static let correlations = """
        study "Axelsson et al. 2009" < C: 0.187 n 109 >
        study "Axelsson et al. 2011" < C: 0.162 n 749 >
        study "Bruce et al. 2010" < C: 0.340 n 55 >
        study "Christensen et al. 1999" < C: 0.320 n 107 >
        study "Christensen & Smith 1995" < C: 0.270 n 72 >
        study "Cohen et al. 2004" < C: 0.000 n 65 >
        study "Dobbels et al. 2005" < C: 0.175 n 174 >
        study "Ediger et al. 2007" < C: 0.050 n 326 >
        study "Insel et al. 2006" < C: 0.260 n 58 >
        study "Jerant et al. 2011" < C: 0.010 n 771 >
        study "Moran et al. 1997" < C: -0.090 n 56 >
        study "O'Cleirigh et al. 2007" < C: 0.370 n 91 >
        study "Penedo et al. 2003" < C: 0.000 n 116 >
        study "Quine et al. 2012" < C: 0.150 n 537 >
        study "Stilley et al. 2004" < C: 0.240 n 158 >
        study "Wiebe & Christensen 1997" < C: 0.040 n 65 >
        """

    static let observedMinusExpected = """
        study "BCG 1" < OS: -3.0419847328244272 var 3.5356155396458289 >
        study "BCG 2" < OS: -11.586206896551722 var 8.2604903310595148 >
        study "BCG 3" < OS: -4.1707317073170733 var 3.396866944279199 >
        study "BCG 4" < OS: -97.281314944266001 var 76.536653908914857 >
        study "BCG 5" < OS: -4.2823388802059412 var 19.763075569896849 >
        study "BCG 6" < OS: -104.30213903743316 var 112.47587069739632 >
        study "BCG 7" < OS: -6.432892249527411 var 2.8448804106989334 >
        study "BCG 8" < OS: 3 var 249.57590465038663 >
        study "BCG 9" < OS: -8.5559014618299969 var 18.404440200620787 >
        study "BCG 10" < OS: -24.618456078083405 var 20.00417510589627 >
        study "BCG 11" < OS: -26.349535730775159 var 74.141227314630356 >
        study "BCG 12" < OS: 0.87022112006612939 var 1.9950039686818661 >
        study "BCG 13" < OS: -0.24215491701901115 var 13.967612271116241 >
        """

    static func pool(_ data: String, _ statement: String) throws -> PoolAnalysis {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "d", text: data + "\n" + statement))
        #expect(!evaluation.hasErrors, "\(evaluation.diagnostics.map(\.message))")
        for case .pool(let pool) in evaluation.analyses { return pool }
        throw CancellationError()
    }

    /// (got, want) pairs within `tolerance` relative to the wanted value (absolute below 1).
    static func check(_ pairs: [(Double?, Double)], tolerance: Double, _ what: String) {
        for (index, (got, want)) in pairs.enumerated() {
            guard let got else {
                Issue.record("\(what) #\(index): nil, wanted \(want)")
                continue
            }
            #expect(abs(got - want) <= tolerance * max(1, abs(want)), "\(what) #\(index): \(got) vs \(want)")
        }
    }

    /// The pooled estimate and its interval as shown (back-transformed).
    static func shown(_ pool: PoolAnalysis) -> [Double?] {
        let scale = pool.scale
        return [
            pool.result.estimate.map(scale.natural), pool.result.interval.map { scale.natural($0.lower) },
            pool.result.interval.map { scale.natural($0.upper) },
        ]
    }

    @Test func logitProportions() throws {
        let p = try Self.pool(Self.proportions, "pool P model random tau REML")
        #expect(p.result.options.measure == .PLO)
        Self.check(
            [
                (p.result.estimate, 1.1389091369778364), (p.result.standardError, 0.24147791135526206),
                (p.result.tau2, 0.36458784648399767), (p.result.heterogeneity.q, 29.785416460258055),
            ], tolerance: 1e-7, "PLO")
        Self.check(
            zip(Self.shown(p), [0.75747929894546673, 0.66052196409425246, 0.83371620786890355]).map { ($0, $1) },
            tolerance: 1e-7, "PLO back-transformed")
    }

    @Test func freemanTukeyProportions() throws {
        let p = try Self.pool(Self.proportions, "pool P measure PFT model random tau REML")
        Self.check(
            [
                (p.result.estimate, 1.0846791791341091), (p.result.standardError, 0.054405149260823273),
                (p.result.tau2, 0.025761097026259415), (p.result.heterogeneity.q, 40.566381510578907),
            ], tolerance: 1e-7, "PFT")
        // The pooled value back-transformed with the harmonic mean of the sizes (transf.ipft.hm).
        Self.check(
            zip(Self.shown(p), [0.80289988420018554, 0.7022056631534821, 0.8893467594565444]).map { ($0, $1) },
            tolerance: 1e-7, "PFT back-transformed")
        // A study's row with its own size (transf.ipft): 16/17, its upper limit beyond 1 shown as 1.
        let first = p.scale(of: p.studies[0])
        let row = try #require(p.result.studies[0].interval)
        Self.check(
            [
                (first.natural(p.result.studies[0].effect!.y), 0.94117647058823528),
                (first.natural(row.lower), 0.76457108844150712), (first.natural(row.upper), 1),
            ], tolerance: 1e-12, "PFT study")
    }

    @Test func rawProportionsWithTheirCorrection() throws {
        let p = try Self.pool(Self.proportions, "pool P measure PR")
        Self.check(
            [
                (p.result.estimate, 0.83075755497965542), (p.result.standardError, 0.019328518080703284),
                (p.result.heterogeneity.q, 48.345280810088227),
            ], tolerance: 1e-10, "PR")
        // 10/10 takes ½ in each cell, as escalc's to = "only0": (10.5/11).
        #expect(abs(p.result.studies[4].effect!.y - 10.5 / 11) < 1e-15)
    }

    @Test func incidenceRates() throws {
        let ratio = try Self.pool(Self.rates, "pool R model random")
        #expect(ratio.result.options.measure == .IRR && ratio.logScale)
        Self.check(
            [
                (ratio.result.estimate, -0.38757464730077246), (ratio.result.standardError, 0.22070702192681846),
                (ratio.result.tau2, 0.075253949293702257), (ratio.result.heterogeneity.q, 9.697597029464001),
            ], tolerance: 1e-10, "IRR")
        Self.check(
            zip(Self.shown(ratio), [0.67870096916505218, 0.44036451079241778, 1.0460311724863736]).map { ($0, $1) },
            tolerance: 1e-10, "IRR exponentiated")
        let difference = try Self.pool(Self.rates, "pool R measure IRD")
        Self.check(
            [
                (difference.result.estimate, -0.00090633574842586184),
                (difference.result.standardError, 0.00032484459762405508),
                (difference.result.heterogeneity.q, 7.8828318875736354),
            ], tolerance: 1e-12, "IRD")
        let text = TextReport().render([.pool(difference)])
        #expect(text.contains("-0.0009 [-0.0015, -0.0003]"))
    }

    @Test func correlations() throws {
        let z = try Self.pool(Self.correlations, "pool C model random tau REML")
        #expect(z.result.options.measure == .ZCOR)
        Self.check(
            [
                (z.result.estimate, 0.14991798842487966), (z.result.standardError, 0.031561033108237477),
                (z.result.tau2, 0.0081105036983841906), (z.result.heterogeneity.q, 38.159515423615737),
            ], tolerance: 1e-7, "ZCOR")
        Self.check(
            zip(Self.shown(z), [0.1488048389995256, 0.087832585618728851, 0.20866625401163405]).map { ($0, $1) },
            tolerance: 1e-7, "ZCOR as r")
        let r = try Self.pool(Self.correlations, "pool C measure COR")
        Self.check(
            [
                (r.result.estimate, 0.1298609619997208), (r.result.standardError, 0.016457358396859939),
                (r.result.heterogeneity.q, 40.832351638988008),
            ], tolerance: 1e-10, "COR")
    }

    /// O − E and variance pooled by Peto's method is Peto's odds ratio of the tables they came from.
    @Test func observedMinusExpected() throws {
        let fixed = try Self.pool(Self.observedMinusExpected, "pool OS measure POR")
        Self.check(
            [
                (fixed.result.estimate, -0.47444631094063633), (fixed.result.standardError, 0.040659080744648281),
                (fixed.result.heterogeneity.q, 167.73016751148941),
            ], tolerance: 1e-10, "O − E fixed")
        let random = try Self.pool(Self.observedMinusExpected, "pool OS model random")
        #expect(random.result.options.measure == .HR)
        Self.check(
            [
                (random.result.estimate, -0.72067506428462214), (random.result.standardError, 0.18377871000371113),
                (random.result.tau2, 0.33863058203983643),
            ], tolerance: 1e-10, "O − E random")
        let text = TextReport().render([.pool(fixed)])
        #expect(text.contains("OS — Peto Odds Ratio (Exp[(O-E) / V], Fixed, 95% CI)"))
        #expect(text.contains("O-E  Variance"))
    }

    /// Each form written back as the grammar has it (the REPL's `:save`), and read from CSV by
    /// metafor's column names, gives the same results as written in the script.
    @Test func writtenBackAndReadFromCSV() throws {
        let script = """
            study "A" < P: 3/20, R: 2 per 100.5 vs 5 per 98, C: 0.3 n 40, OS: -1.5 var 4 >
            study "B" < P: 7/31, R: 0 per 80 vs 3 per 85, C: -0.1 n 25, OS: 0.5 var 6.25 >
            """
        let parsed = Parser.parse(SourceFile(name: "w", text: script))
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.script.statements.map(ScriptWriter.text).joined(separator: "\n") == script)
        let files = [
            "p.csv": "study,xi,ni\nA,3,20\nB,7,31\n", "r.csv": "study,x1i,t1i,x2i,t2i\nA,2,100.5,5,98\nB,0,80,3,85\n",
            "c.csv": "study,ri,ni\nA,0.3,40\nB,-0.1,25\n", "o.csv": "study,oe,var\nA,-1.5,4\nB,0.5,6.25\n",
        ]
        let imports = """
            studies from "p.csv" outcome P
            studies from "r.csv" outcome R
            studies from "c.csv" outcome C
            studies from "o.csv" outcome OS
            """
        let analyses = "\npool P\npool R\npool C\npool OS"
        let (_, fromFiles) = CSVStudiesTests.run(files, imports + analyses)
        let (_, written) = CSVStudiesTests.run([:], script + analyses)
        #expect(!fromFiles.hasErrors, "\(fromFiles.diagnostics.map(\.message))")
        #expect(CSVStudiesTests.pooled(fromFiles) == CSVStudiesTests.pooled(written))
        #expect(CSVStudiesTests.pooled(written).count == 4)
    }

    /// One diagnostic for each thing the new forms can get wrong.
    @Test(arguments: [
        ("< P: 12/10 >", DiagnosticID.eventsExceedTotal, "12 events out of 10 in the group"),
        ("< P: 2.5/10 >", .invalidCount, "counts must be whole numbers, not 2.5"),
        ("< P: 0/0 >", .invalidCount, "the group has no patients"),
        ("< R: 3 per 0 vs 2 per 10 >", .invalidSpread, "person-time must be positive, not 0"),
        ("< R: -1 per 10 vs 2 per 10 >", .invalidCount, "a count cannot be negative"),
        ("< C: 1 n 30 >", .implausibleValue, "a correlation lies between -1 and 1, not 1"),
        ("< C: 0.2 n 3 >", .invalidCount, "a correlation's sample size must be a whole number of at least 4, not 3"),
        ("< OS: -2 var 0 >", .invalidSpread, "the variance of O − E must be positive, not 0"),
        ("< OS: 1e100 var 1e-100 >", .implausibleValue, "(O − E)/V is outside the range Forest computes with"),
        (
            "< OS: -2 vr 3 >", .unexpectedToken,
            "expected `/` (binary a/n1 vs c/n2, or a proportion x/n), `sd` (continuous: M sd S n N), `se` (generic: Y se S), `var` (O − E: Z var V), `per` (rates: x1 per T1 vs x2 per T2) or `n` (r n N), found `vr`"
        ),
    ])
    func badData(_ data: String, _ id: DiagnosticID, _ message: String) {
        var session = Session()
        let diagnostics = session.evaluate(SourceFile(name: "b", text: "study \"A\" \(data)")).diagnostics
        #expect(diagnostics.map(\.id) == [id])
        #expect(diagnostics.first?.message == message)
    }

    @Test func measuresBelongToTheirData() {
        var session = Session()
        let diagnostics = session.evaluate(
            SourceFile(name: "m", text: "study \"A\" < P: 3/20 >\nstudy \"B\" < P: 5/20 >\npool P measure ZCOR")
        ).diagnostics
        #expect(diagnostics.map(\.id) == [.incompatibleOption])
        #expect(diagnostics.first?.message == "measure ZCOR does not apply to proportion data")
        #expect(diagnostics.first?.notes == ["proportion data take measure PLO, PR, PFT"])
    }
}
