import Testing

@testable import ForestStats

/// The one option resolver and measure table: defaults per kind of data, typed problems and
/// adjustments (the front end only words them).
@Suite("Options")
struct OptionResolutionTests {
    @Test func defaultsFollowTheKindOfData() {
        let binary = PoolOptions.resolve(PoolRequest(), for: .binary)
        #expect(binary.options == PoolOptions(measure: .OR, method: .MH))
        #expect(binary.problems.isEmpty && binary.adjustments.isEmpty)
        #expect(PoolOptions.resolve(PoolRequest(), for: .continuous).options.measure == .MD)
        #expect(PoolOptions.resolve(PoolRequest(), for: .generic).options.method == .IV)
        // tau or hksj without a model imply random effects.
        #expect(PoolOptions.resolve(PoolRequest(tauMethod: .REML), for: .generic).options.model == .random)
    }

    @Test func problemsAreTypedAndInTheOrderWritten() {
        let wrong = PoolOptions.resolve(PoolRequest(measure: .SMD, method: .Peto), for: .continuous)
        #expect(wrong.problems == [.methodNotForData(.Peto, .continuous)])
        let peto = PoolOptions.resolve(PoolRequest(measure: .RR, method: .Peto, model: .random), for: .binary)
        #expect(peto.problems == [.petoNeedsOddsRatio(.RR), .petoIsFixedEffect])
        let fixed = PoolOptions.resolve(PoolRequest(model: .fixed, tauMethod: .PM, hksj: true), for: .binary)
        #expect(fixed.problems == [.randomEffectsOnly(.tau), .randomEffectsOnly(.hksj)])
        #expect(
            PoolOptions.resolve(PoolRequest(measure: .OR), for: .generic).problems == [
                .measureNotForData(.OR, .generic)
            ])
    }

    /// M-H weights only pool the fixed-effect model and RevMan's "M-H, Random" (DL).
    @Test func mantelHaenszelWithOtherRandomEffectsBecomesInverseVariance() {
        let revman = PoolOptions.resolve(PoolRequest(model: .random), for: .binary)
        #expect(revman.options.method == .MH && revman.options.weighting == .mantelHaenszel)
        let reml = PoolOptions.resolve(PoolRequest(method: .MH, tauMethod: .REML), for: .binary)
        #expect(reml.options.method == .IV && reml.options.weighting == .inverseVariance)
        #expect(reml.adjustments == [.inverseVarianceForRandomEffects(methodGiven: true)])
        let metafor = PoolOptions.resolve(PoolRequest(model: .random, convention: .metafor), for: .binary)
        #expect(metafor.adjustments == [.inverseVarianceForRandomEffects(methodGiven: false)])
    }

    @Test func theMeasureTable() {
        #expect(EffectMeasure.allowed(for: .binary) == [.OR, .RR, .RD])
        #expect(EffectMeasure.allowed(for: .continuous) == [.MD, .SMD])
        #expect(PoolingMethod.allowed(for: .binary) == [.MH, .IV, .Peto])
        #expect(PoolingMethod.allowed(for: .continuous) == [.IV])
        #expect(EffectMeasure.OR.allowedMethods.contains(.Peto) && !EffectMeasure.RR.allowedMethods.contains(.Peto))
        #expect(EffectMeasure.allCases.allSatisfy { $0.isRatio == [.OR, .RR, .HR, .POR, .IRR].contains($0) })
        #expect(EffectMeasure.allowed(for: .proportion) == [.PLO, .PR, .PFT])
        #expect(EffectMeasure.allowed(for: .rate) == [.IRR, .IRD])
        #expect(EffectMeasure.allowed(for: .correlation) == [.ZCOR, .COR])
        #expect(EffectMeasure.allowed(for: .observedMinusExpected) == [.HR, .POR])
        #expect(PoolingMethod.allowed(for: .proportion) == [.IV])
        // A complete set of options that does not fit is caught by the core itself.
        #expect(PoolOptions(measure: .MD, method: .MH).problems(for: .binary) == [.measureNotForData(.MD, .binary)])
    }
}

/// How values are shown, and back: `analysisValue` undoes `natural` where the scale is defined.
@Suite("Natural scale")
struct NaturalScaleTests {
    @Test func inverses() {
        for (scale, y) in [
            (NaturalScale.identity, -0.7), (.exponential, -0.7), (.inverseLogit, 1.3), (.inverseFisherZ, 0.4),
        ] {
            #expect(abs(scale.analysisValue(scale.natural(y))! - y) < 1e-12, "\(scale)")
        }
        // Miller's inverse of the double arcsine is approximate: close for a group of 50.
        let ft = NaturalScale.inverseFreemanTukey(n: 50)
        #expect(abs(ft.natural(ft.analysisValue(0.3)!) - 0.3) < 0.01)
        #expect(NaturalScale.exponential.analysisValue(0) == nil)
        #expect(NaturalScale.inverseLogit.analysisValue(1) == nil)
        #expect(NaturalScale.inverseFisherZ.analysisValue(-1) == nil)
        #expect(ft.analysisValue(1.2) == nil)
    }
}
