import CFormat
import Foundation

/// How numbers are printed in text output, after RevMan 5's forest-plot tables.
public enum NumberFormat {
    /// Fixed decimals; "-0.00" is printed as "0.00".
    ///
    /// Never wider than a column and never NaN or ∞ as a result: a magnitude of a million or
    /// more is written in scientific notation (`6.25e+08`, `2.00e+200`), a value too large for a double (an
    /// exponentiated log ratio above 709.78, say) as `> 1.8e308`, and NaN as `not estimable`.
    public static func fixed(_ x: Double, _ decimals: Int = 2) -> String {
        guard x.isFinite else { return x.isNaN ? "not estimable" : (x > 0 ? "> 1.8e308" : "< -1.8e308") }
        if abs(x) >= 1e6 { return printf("%.*e", x, 2) }
        let s = printf("%.*f", x, decimals)
        if s.hasPrefix("-"), Double(s) == 0 { return String(s.dropFirst()) }
        return s
    }

    /// One number through the C library's `printf` conversions, with a precision: `%.*f`,
    /// `%.*e` or `%.*g`. The digits are those of `String(format:)`, without Foundation's
    /// formatter or Swift's CVarArg, which together were a third of the time of a text report
    /// with a million studies. Forest never sets LC_NUMERIC, so the decimal point is ".".
    static func printf(_ format: String, _ x: Double, _ precision: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let count = forest_format_double(buffer.baseAddress!, buffer.count, format, Int32(precision), x)
            // The renderers' numbers (below 1e9, at most a dozen decimals) always fit.
            guard count >= 0, count < buffer.count else {
                return String(format: format, arguments: [Int32(precision), x])
            }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(count)), as: UTF8.self)
        }
    }

    /// An estimate with its interval: `2.14 [1.32, 3.48]`.
    public static func estimate(_ value: Double, _ lower: Double, _ upper: Double, decimals: Int = 2) -> String {
        "\(fixed(value, decimals)) [\(fixed(lower, decimals)), \(fixed(upper, decimals))]"
    }

    /// A P value as RevMan prints it: `P < 0.00001`, `P = 0.0004`, `P = 0.008`, `P = 0.46`.
    public static func pValue(_ p: Double) -> String {
        if p < 0.00001 { return "P < 0.00001" }
        if p < 0.001 {
            // One significant digit: 0.00043 → 0.0004.
            let exponent = Int(floor(log10(p)))
            let decimals = -exponent
            let text = fixed(p, decimals)
            return "P = " + (Double(text) == 0 ? fixed(p, decimals + 1) : text)
        }
        if p < 0.01 { return "P = " + fixed(p, 3) }
        return "P = " + fixed(p, 2)
    }

    /// I² as a whole percentage: `I² = 40%`.
    public static func percent(_ x: Double) -> String {
        fixed(x, 0) + "%"
    }

    /// τ² with two decimals, or two significant digits when it is positive but below 0.01.
    public static func tau2(_ x: Double) -> String {
        // Twelve decimals would show a τ² below 1e-10 as 0; such a value gets an exponent.
        if x > 0 && x < 1e-10 { return printf("%.*e", x, 1) }
        if x > 0 && x < 0.01 {
            let decimals = min(12, 1 - Int(floor(log10(x))))
            return fixed(x, decimals)
        }
        return fixed(x, 2)
    }

    /// The fewest decimals (at most `max`) that show `x` exactly: 55 → 0, 61.25 → 2.
    public static func decimalsNeeded(_ x: Double, max: Int) -> Int {
        for decimals in 0..<max
        where abs(x - (x * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals))) < 1e-9
            * Swift.max(1, abs(x))
        {
            return decimals
        }
        return max
    }

    /// A data value as the user wrote it, without a needless ".0".
    public static func data(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}
