import CMath

/// The effect of two incidence rates, events xᵢ over person-time tᵢ in each arm, as metafor's
/// `escalc` computes it (Rothman, Greenland & Lash 2008, ch. 14; Viechtbauer 2010).
public enum RateEffects {
    /// - IRR: y = log(x₁/t₁) − log(x₂/t₂), v = 1/x₁ + 1/x₂.
    /// - IRD: y = x₁/t₁ − x₂/t₂, v = x₁/t₁² + x₂/t₂².
    /// An arm without events has ½ added to both arms' events (escalc's `add = 1/2,
    /// to = "only0"`); a study without events in either arm is kept so corrected.
    public static func effect(_ r: IncidenceRates, measure: EffectMeasure) -> StudyEffect? {
        var x1 = r.eventsE, x2 = r.eventsC
        if x1 == 0 || x2 == 0 {
            x1 += 0.5
            x2 += 0.5
        }
        let t1 = r.timeE, t2 = r.timeC
        switch measure {
        case .IRR:
            return StudyEffect(y: log(x1 / t1) - log(x2 / t2), v: 1 / x1 + 1 / x2)
        case .IRD:
            return StudyEffect(y: x1 / t1 - x2 / t2, v: x1 / (t1 * t1) + x2 / (t2 * t2))
        default:
            return nil
        }
    }
}
