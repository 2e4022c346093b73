import ForestEval
import ForestRender
import ForestStats
import ForestSyntax
import ForestTestSupport
import Foundation
import Testing

/// `pool … by ATTRIBUTE common-tau`: subgroups under one τ², against metafor 3.8-1 on dat.bcg
/// (computed with R on this machine):
///   rma(yi, vi, mods = ~ factor(alloc) - 1, data = dat, method = "REML")   # the means
///   rma(yi, vi, mods = ~ factor(alloc), data = dat, method = "REML")       # QM, τ²
@Suite("Subgroups with a common τ²")
struct CommonTauTests {
    static func subgroup(_ options: String) -> (SubgroupAnalysis?, [Diagnostic]) {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: "c", text: MetaRegressionTests.bcg + "\npool TB measure RR " + options))
        for case .subgroup(let s) in evaluation.analyses { return (s, evaluation.diagnostics) }
        return (nil, evaluation.diagnostics)
    }

    @Test func asMetaforHasIt() throws {
        let s = try #require(Self.subgroup("model random tau REML convention metafor by alloc common-tau").0)
        let common = try #require(s.commonTau)
        let r = common.result
        #expect(abs(r.tau2 - 0.3615029) < 1e-6)
        #expect(abs(r.model.qm - 1.7675130) < 1e-6 && abs(r.model.qmP - 0.4132277) < 1e-6 && r.model.qmDF == 2)
        let want: [String: (Double, Double)] = [
            "alternate": (-0.5179558, 0.4411940), "random": (-0.9657740, 0.2672439),
            "systematic": (-0.4289177, 0.3449451),
        ]
        for (value, group) in zip(common.values, r.groups) {
            let (estimate, se) = want[value]!
            #expect(abs(group.estimate - estimate) < 1e-6 && abs(group.standardError - se) < 1e-6, "\(value)")
        }
        let text = TextReport(style: TextStyle(plot: false)).render([.subgroup(s)])
        #expect(text.contains("Subgroups with a common Tau² (mixed-effects model, IV, REML): Tau² = 0.36"))
        let json = JSONReport.document([.subgroup(s)]).serialized()
        #expect(json.contains(#""common_tau":{"tau2":"#))
    }

    @Test func onlyWithSubgroupsOfARandomEffectsModel() {
        #expect(Self.subgroup("model random common-tau").1.map(\.id) == [.incompatibleOption])
        let fixed = Self.subgroup("by alloc common-tau").1
        #expect(fixed.map(\.id) == [.incompatibleOption])
        #expect(fixed.first?.message == "a common τ² belongs to a random-effects model")
    }
}
