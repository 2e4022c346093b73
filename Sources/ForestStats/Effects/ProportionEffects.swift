import CMath

/// The effect of a single group's proportion x/n, as metafor's `escalc` computes it (Viechtbauer
/// 2010; Freeman & Tukey 1950; Miller 1978).
public enum ProportionEffects {
    /// - PR (raw): y = p = x/n, v = p(1 − p)/n.
    /// - PLO (logit): y = log(x/(n − x)), v = 1/x + 1/(n − x).
    /// - PFT (Freeman–Tukey double arcsine): y = ½[asin √(x/(n + 1)) + asin √((x + 1)/(n + 1))],
    ///   v = 1/(4n + 2).
    /// For PR and PLO a group with no events or only events has ½ added to x and to n − x
    /// (n + 1 in all; escalc's `add = 1/2, to = "only0"`); PFT needs no correction.
    public static func effect(_ p: SingleProportion, measure: EffectMeasure) -> StudyEffect? {
        var x = p.events, n = p.total
        if measure != .PFT && (x == 0 || x == n) {
            x += 0.5
            n += 1
        }
        switch measure {
        case .PR:
            let y = x / n
            return StudyEffect(y: y, v: y * (1 - y) / n)
        case .PLO:
            return StudyEffect(y: log(x / (n - x)), v: 1 / x + 1 / (n - x))
        case .PFT:
            return StudyEffect(y: freemanTukey(x, n), v: 1 / (4 * n + 2))
        default:
            return nil
        }
    }

    /// ½[asin √(x/(n + 1)) + asin √((x + 1)/(n + 1))].
    public static func freemanTukey(_ x: Double, _ n: Double) -> Double {
        0.5 * (asin((x / (n + 1)).squareRoot()) + asin(((x + 1) / (n + 1)).squareRoot()))
    }

    /// The proportion whose double arcsine in a group of n is t (Miller 1978, Am Stat 32:138):
    /// p = ½{1 − sgn(cos 2t)·√(1 − [sin 2t + (sin 2t − 1/sin 2t)/n]²)}, 0 below the transform of
    /// 0/n and 1 above that of n/n (metafor's `transf.ipft`; with the harmonic mean of the
    /// studies' n for a pooled value, `transf.ipft.hm`).
    public static func inverseFreemanTukey(_ t: Double, n: Double) -> Double {
        if t < freemanTukey(0, n) { return 0 }
        if t > freemanTukey(n, n) { return 1 }
        let s = sin(2 * t)
        let inner = s + (s - 1 / s) / n
        let root = max(0, 1 - inner * inner).squareRoot()
        let sign: Double = cos(2 * t) > 0 ? 1 : cos(2 * t) < 0 ? -1 : 0
        return 0.5 * (1 - sign * root)
    }
}
