import Foundation

/// The effect axis of a figure: symmetric around the line of no effect, on the log scale for
/// ratios, with RevMan's ranges and ticks (0.5–2, 0.2–5, 0.1–10, 0.01–100, 0.001–1000).
struct EffectAxis: Sendable {
    /// Half the range on the analysis scale.
    let halfRange: Double
    let logScale: Bool

    /// The smallest standard range holding `magnitude` (the largest |bound| to show).
    init(covering magnitude: Double, logScale: Bool) {
        self.logScale = logScale
        if logScale {
            halfRange = [2.0, 5, 10, 100, 1000].map(log).first { $0 >= magnitude } ?? log(1000)
        } else if magnitude > 0 {
            let power = pow(10, floor(log10(magnitude)))
            halfRange = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= magnitude * (1 - 1e-12) } ?? 10 * power
        } else {
            halfRange = 1
        }
    }

    var minimum: Double { -halfRange }
    var maximum: Double { halfRange }

    /// Where the line of no effect is, on the analysis scale.
    var null: Double { 0 }

    /// Ticks on the analysis scale with their labels (natural scale).
    var ticks: [(value: Double, label: String)] {
        if logScale {
            let top = exp(halfRange)
            let naturals: [Double]
            switch top {
            case ..<2.5: naturals = [0.5, 0.7, 1, 1.5, 2]
            case ..<6: naturals = [0.2, 0.5, 1, 2, 5]
            case ..<11: naturals = [0.1, 0.2, 0.5, 1, 2, 5, 10]
            case ..<101: naturals = [0.01, 0.1, 1, 10, 100]
            default: naturals = [0.001, 0.01, 0.1, 1, 10, 100, 1000]
            }
            return naturals.map { (log($0), EffectAxis.label($0)) }
        }
        return [-1.0, -0.5, 0, 0.5, 1].map { ($0 * halfRange, EffectAxis.label($0 * halfRange)) }
    }

    /// A tick label: at most three decimals, none needless.
    /// A tick label: up to three decimals, or three significant digits with an exponent for a
    /// magnitude of 1e9 or more (or below 0.001), so that a label never outgrows the axis.
    static func label(_ x: Double) -> String {
        let magnitude = abs(x)
        if magnitude >= 1e9 || (magnitude > 0 && magnitude < 0.001) { return NumberFormat.printf("%.*g", x, 3) }
        return NumberFormat.data((x * 1000).rounded() / 1000)
    }
}
