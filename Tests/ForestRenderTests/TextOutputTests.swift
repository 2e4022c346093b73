import ForestEval
import ForestRender
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

@Suite("Text output")
struct TextOutputTests {
    static let firstScript = """
        review "US-guided intervention + RT for HCC"
        outcome PD arms "US + RT" "Control"
        study "Ke 2011"   year 2011 stage "I"  < PR: 12/30 vs 6/30,  PD: 4/30 vs 10/30, QoL: 61.2 sd 8.1 n 30 vs 55.0 sd 9.4 n 30 >
        study "Ding 2016" year 2016 stage "II" < PR: 15/42 vs 9/40,  PD: 6/42 vs 12/40, QoL: 58.3 sd 10.2 n 42 vs 57.1 sd 9.9 n 40 >
        study "Li 2014"   year 2014 stage "I"  < PR: 10/25 vs 5/25,  PD: 0/25 vs 0/25 >
        study "Zhou 2015" < OS: -0.29 se 0.12 >
        study "Wang 2018" < OS: -0.11 se 0.2, PR: 0/20 vs 3/21 >
        outcome OS scale log effect "Hazard Ratio" label "Overall survival"
        pool PR
        pool PR model random
        pool PD measure RR method IV model random tau REML hksj convention metafor
        pool QoL measure SMD
        pool OS model random
        """

    func analyses(_ text: String) -> [Analysis] {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: text))
        #expect(!evaluation.hasErrors, "\(DiagnosticRenderer().render(evaluation.diagnostics))")
        return evaluation.analyses
    }

    @Test func revmanStyleBlocks() {
        Golden().check("first-script.txt", TextReport().render(analyses(Self.firstScript)))
    }

    @Test func asciiOnly() {
        let text = TextReport(style: TextStyle(unicode: false)).render(analyses(Self.firstScript))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII || $0 == "—" })
        Golden().check("first-script-ascii.txt", text)
    }

    /// `--style revman`: RevMan 5's lines only — analyses numbered, subgroups "1.n.k NAME",
    /// no Q-profile, prediction-interval or note lines, τ² with two decimals, RevMan's test for
    /// subgroup differences with I² to one decimal.
    @Test func strictRevManStyle() {
        let script =
            Self.firstScript + """

                label stage "I" "Stage I"
                pool PR model random by stage
                """
        let style = TextStyle(plot: false, revman: true)
        let text = TextReport(style: style).render(analyses(script))
        Golden().check("first-script-revman.txt", text)
        for absent in ["Q-profile", "Prediction interval", "Note:", "(one study)", "—", "Not in any subgroup"] {
            #expect(!text.contains(absent), "\(absent)")
        }
        #expect(text.contains("Analysis 1.1. Comparison 1 Experimental versus Control, Outcome 1 PR."))
        #expect(text.contains("\n1.6.1 Stage I\n") && text.contains("\n1.6.2 II\n"))
        #expect(text.contains("Test for subgroup differences: Chi² = ") && text.contains("), I² = "))
        // The same numbers as the default style: only the lines around them differ.
        let plain = TextReport(style: TextStyle(plot: false)).render(analyses(script))
        #expect(plain.contains("Q-profile") && plain.contains("stage = II"))
        let estimates = { (t: String) in t.split(separator: "\n").filter { $0.hasPrefix("Total (95% CI)") } }
        #expect(estimates(text) == estimates(plain))
    }

    @Test func terminalForestPlotWithPredictionInterval() {
        let text = TextReport().render(
            analyses(
                """
                study "A" < PR: 12/30 vs 6/30 >
                study "B" < PR: 15/42 vs 9/40 >
                study "C" < PR: 3/25 vs 5/25 >
                forest PR model random prediction
                """))
        let lines = text.split(separator: "\n")
        let row = lines.first { $0.hasPrefix("Prediction interval") }
        #expect(row?.contains("═") == true, "\(text)")
        #expect(
            lines.firstIndex { $0.hasPrefix("Total (95% CI)") }! < lines.firstIndex {
                $0.hasPrefix("Prediction interval")
            }!)
    }

    @Test func pValuesAsRevManPrintsThem() {
        #expect(NumberFormat.pValue(0.46) == "P = 0.46")
        #expect(NumberFormat.pValue(0.0083) == "P = 0.008")
        #expect(NumberFormat.pValue(0.00043) == "P = 0.0004")
        #expect(NumberFormat.pValue(0.000001) == "P < 0.00001")
        #expect(NumberFormat.pValue(0.999) == "P = 1.00")
        #expect(NumberFormat.fixed(-0.001) == "0.00")
        #expect(NumberFormat.tau2(0.0014) == "0.0014")
    }

    /// Numbers go through the C library's printf (CFormat), not `String(format:)`: the same
    /// digits, ties and huge or tiny magnitudes included.
    @Test func fixedDecimalsAreThoseOfStringFormat() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let ties = [0.125, 2.675, 1.005, 0.5, 1.5, 2.5, -0.125, 1e-7, 123_456_789.555, 999_999_999.999]
        var values = ties
        for _ in 0..<2000 { values.append((next() - 0.5) * pow(10, (next() * 20).rounded() - 11)) }
        for x in values {
            for decimals in [0, 1, 2, 3, 4, 12] {
                // From a million on, three significant digits with an exponent.
                let expected = abs(x) >= 1e6 ? String(format: "%.2e", x) : String(format: "%.\(decimals)f", x)
                let shown = NumberFormat.fixed(x, decimals)
                #expect(
                    shown == expected || (expected.hasPrefix("-") && Double(expected) == 0 && "-" + shown == expected),
                    "\(x) with \(decimals) decimals")
            }
        }
        #expect(NumberFormat.fixed(2e200) == String(format: "%.2e", 2e200))
        #expect(NumberFormat.fixed(1_053_373_050_265_008_078_848) == "1.05e+21")
        #expect(NumberFormat.fixed(625_479_693.08) == "6.25e+08")
        #expect(NumberFormat.fixed(999_999.994) == "999999.99")
        #expect(NumberFormat.tau2(4e-12) == String(format: "%.1e", 4e-12))
    }
}
