/// The corresponding (intervention) risk for an assumed control risk ACR and a relative effect
/// (Cochrane Handbook for Systematic Reviews of Interventions, version 6.4, §14.1.5.1 and
/// §15.4.4; GRADE, Guyatt et al. 2013, J Clin Epidemiol 66:158–172):
///   RR: ACR × RR;   OR: OR × ACR / (1 − ACR + OR × ACR);   RD: ACR + RD.
public enum CorrespondingRisk {
    public static func of(assumed acr: Double, measure: EffectMeasure, effect: Double) -> Double {
        switch measure {
        case .RR: acr * effect
        case .OR: effect * acr / (1 - acr + effect * acr)
        default: acr + effect
        }
    }
}

/// The number needed to treat for a pooled OR, RR or RD at an assumed control risk ACR
/// (Cook & Sackett 1995, BMJ 310:452–454; Altman 1998, BMJ 317:1309–1312; Cochrane Handbook
/// §15.4.4): the corresponding risk CR (above), the risk difference RD = CR − ACR with the
/// interval of the effect's limits carried through (CR is increasing in the effect), and
/// NNT = 1/|RD| — treated patients per event avoided (RD < 0) or per extra event (RD > 0).
/// When the interval of RD holds 0, the NNT's runs from one side through infinity (no
/// difference) to the other.
public struct NumberNeededToTreat: Sendable, Hashable {
    public var controlRisk: Double
    public var experimentalRisk: Double
    public var riskDifference: Double
    public var riskDifferenceInterval: Interval
    /// 1/|RD|; infinite when RD = 0.
    public var nnt: Double { 1 / abs(riskDifference) }

    /// `effect` and `interval` on the natural scale (an odds ratio, not its log).
    public init(controlRisk acr: Double, measure: EffectMeasure, effect: Double, interval: Interval) {
        let risk = { (e: Double) in min(1, max(0, CorrespondingRisk.of(assumed: acr, measure: measure, effect: e))) }
        controlRisk = acr
        experimentalRisk = risk(effect)
        riskDifference = experimentalRisk - acr
        riskDifferenceInterval = Interval(lower: risk(interval.lower) - acr, upper: risk(interval.upper) - acr)
    }
}
