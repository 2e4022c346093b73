import CMath

/// The effect of a correlation coefficient r in a sample of n, as metafor's `escalc` computes
/// it (Fisher 1921; Viechtbauer 2010).
public enum CorrelationEffects {
    /// - ZCOR: Fisher's z = atanh r = ½ log((1 + r)/(1 − r)), v = 1/(n − 3).
    /// - COR: y = r, v = (1 − r²)²/(n − 1) (the large-sample variance).
    public static func effect(_ c: SampleCorrelation, measure: EffectMeasure) -> StudyEffect? {
        switch measure {
        case .ZCOR:
            return StudyEffect(y: atanh(c.r), v: 1 / (c.n - 3))
        case .COR:
            let spread = 1 - c.r * c.r
            return StudyEffect(y: c.r, v: spread * spread / (c.n - 1))
        default:
            return nil
        }
    }
}
