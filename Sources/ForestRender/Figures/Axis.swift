import ForestStats
import Foundation

/// The effect axis of a figure, on the analysis scale (log scale for ratios), with the line of
/// no effect at 0. Automatic ranges are symmetric around it and standard, as RevMan's (0.5–2,
/// 0.2–5, 0.1–10, 0.05–20, 0.02–50, 0.01–100, 0.001–1000 for ratios); a user's limits may be
/// anything around it.
struct EffectAxis: Sendable {
    let minimum: Double
    let maximum: Double
    let logScale: Bool
    /// The user's ticks (`ticks`) on the analysis scale, instead of the standard ones.
    let customTicks: [Double]?
    /// How a linear axis's tick values are labelled: as they are, or back-transformed (a logit
    /// proportion, Fisher's z). A log axis is labelled with the ratios.
    var natural: NaturalScale = .identity

    /// The tops of the standard ranges for ratios (natural scale).
    static let ratioTops: [Double] = [2, 5, 10, 20, 50, 100, 1000]

    /// The smallest of RevMan's five standard ranges holding `magnitude` (the largest |bound|
    /// to show): the terminal plot's axis.
    init(covering magnitude: Double, logScale: Bool) {
        let half: Double
        if logScale {
            half = [2.0, 5, 10, 100, 1000].map(log).first { $0 >= magnitude } ?? log(1000)
        } else {
            half = EffectAxis.linearHalfRange(magnitude)
        }
        self.init(minimum: -half, maximum: half, logScale: logScale)
    }

    init(minimum: Double, maximum: Double, logScale: Bool, ticks: [Double]? = nil) {
        self.minimum = minimum
        self.maximum = maximum
        self.logScale = logScale
        self.customTicks = ticks
    }

    /// The SVG forest plot's automatic axis: the smallest standard range that holds every
    /// point estimate (studies and totals) and the studies' confidence intervals — all of them
    /// for up to five studies, else the 80% of studies whose intervals reach least far, so that
    /// a few very wide intervals do not squeeze every other study into the middle (they run
    /// off the axis with an arrow). Totals' intervals never widen the axis (RevMan's rule).
    static func fitting(estimates: [Double], studyIntervals: [(Double, Double)], logScale: Bool) -> EffectAxis {
        let reach = studyIntervals.map { max(abs($0.0), abs($0.1)) }.filter(\.isFinite).sorted()
        let limit: Double
        if reach.count <= 5 {
            limit = reach.last ?? 0
        } else {
            limit = reach[Int((0.8 * Double(reach.count)).rounded(.up)) - 1]
        }
        let magnitude = max(limit, estimates.filter(\.isFinite).map(abs).max() ?? 0)
        let half: Double
        if logScale {
            half = log(ratioTops.first { log($0) >= magnitude * (1 - 1e-12) } ?? 1000)
        } else {
            half = linearHalfRange(magnitude)
        }
        return EffectAxis(minimum: -half, maximum: half, logScale: logScale)
    }

    /// 1, 2 or 5 times a power of ten: the smallest holding `magnitude`.
    static func linearHalfRange(_ magnitude: Double) -> Double {
        guard magnitude > 0 && magnitude.isFinite else { return 1 }
        let power = pow(10, floor(log10(magnitude)))
        return [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= magnitude * (1 - 1e-12) } ?? 10 * power
    }

    /// Half of a symmetric range (the terminal plot's).
    var halfRange: Double { Swift.max(-minimum, maximum) }

    /// Where the line of no effect is, on the analysis scale.
    var null: Double { 0 }

    var isSymmetric: Bool { abs(minimum + maximum) <= 1e-12 * Swift.max(1, maximum) }

    /// Ticks on the analysis scale with their labels (natural scale).
    var ticks: [(value: Double, label: String)] {
        if let customTicks {
            return customTicks.map { ($0, EffectAxis.label(logScale ? exp($0) : $0)) }
        }
        if logScale {
            let naturals: [Double]
            if isSymmetric {
                switch exp(maximum) {
                case ..<2.5: naturals = [0.5, 0.7, 1, 1.5, 2]
                case ..<6: naturals = [0.2, 0.5, 1, 2, 5]
                case ..<11: naturals = [0.1, 0.2, 0.5, 1, 2, 5, 10]
                case ..<21: naturals = [0.05, 0.2, 1, 5, 20]
                case ..<51: naturals = [0.02, 0.1, 1, 10, 50]
                case ..<101: naturals = [0.01, 0.1, 1, 10, 100]
                default: naturals = [0.001, 0.01, 0.1, 1, 10, 100, 1000]
                }
            } else {
                naturals = EffectAxis.roundRatios(from: minimum, to: maximum)
            }
            return naturals.map { (log($0), EffectAxis.label($0)) }
        }
        if isSymmetric {
            return [-1.0, -0.5, 0, 0.5, 1].map { ($0 * maximum, EffectAxis.label(natural.natural($0 * maximum))) }
        }
        let step = EffectAxis.linearHalfRange((maximum - minimum) / 6)
        let first = (minimum / step).rounded(.up) * step
        var ticks: [(value: Double, label: String)] = []
        for i in 0...12 {
            let value = first + Double(i) * step
            guard value <= maximum + abs(maximum) * 1e-12 else { break }
            ticks.append((value, EffectAxis.label(natural.natural(abs(value) < step * 1e-9 ? 0 : value))))
        }
        return ticks
    }

    /// Round ratios (…, 0.1, 0.2, 0.5, 1, 2, 5, 10, …) between two log values, at most seven,
    /// always with 1.
    static func roundRatios(from lower: Double, to upper: Double) -> [Double] {
        let candidates: [Double] = [
            0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000,
        ]
        let (low, high) = (lower - 1e-12, upper + 1e-12)
        var inside = candidates.filter { (c: Double) -> Bool in
            let x = log(c)
            return x >= low && x <= high
        }
        while inside.count > 7 {
            inside = inside.enumerated().filter { $0.offset % 2 == 0 || $0.element == 1 }.map(\.element)
        }
        return inside
    }

    /// A tick label: up to three decimals, or three significant digits with an exponent for a
    /// magnitude of 1e9 or more (or below 0.001), so that a label never outgrows the axis.
    static func label(_ x: Double) -> String {
        let magnitude = abs(x)
        if magnitude >= 1e9 || (magnitude > 0 && magnitude < 0.001) { return NumberFormat.printf("%.*g", x, 3) }
        return NumberFormat.data((x * 1000).rounded() / 1000)
    }
}
