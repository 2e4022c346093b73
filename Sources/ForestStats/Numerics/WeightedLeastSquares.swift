import CMath

/// A k×p design matrix stored row by row in one array.
public struct Design: Sendable, Hashable {
    public let columns: Int
    let values: [Double]

    /// Whether this is the intercept-only design (`intercept(_:)`), which has closed forms.
    public let isIntercept: Bool

    /// Rows of p values each.
    public init(rows: [[Double]]) {
        columns = rows.first?.count ?? 1
        values = rows.flatMap { $0 }
        isIntercept = false
    }

    /// The intercept-only design of k studies.
    public static func intercept(_ k: Int) -> Design {
        Design(columns: 1, values: Array(repeating: 1, count: k), isIntercept: true)
    }

    private init(columns: Int, values: [Double], isIntercept: Bool) {
        self.columns = columns
        self.values = values
        self.isIntercept = isIntercept
    }

    var rowCount: Int { values.count / columns }

    subscript(row: Int, column: Int) -> Double { values[row * columns + column] }

    /// Row i: one study's values, the intercept first.
    public func row(_ i: Int) -> [Double] { Array(values[(i * columns)..<((i + 1) * columns)]) }
}

/// Weighted least squares for the small designs of meta-analysis (an intercept, perhaps one
/// moderator): β̂ = (XᵀWX)⁻¹XᵀWy and the traces the τ² estimators need, all in O(k·p²) without
/// forming the k×k projection P = W − WX(XᵀWX)⁻¹XᵀW (Viechtbauer 2005, appendix).
struct WeightedLeastSquares {
    /// (XᵀWX)⁻¹, p×p.
    let inverse: [[Double]]
    let coefficients: [Double]
    /// yᵢ − xᵢᵀβ̂.
    let residuals: [Double]
    let weights: [Double]
    let design: Design

    /// Fits y on the columns of `design` with weights `w`; nil when XᵀWX is singular.
    init?(y: [Double], weights w: [Double], design: Design) {
        let p = design.columns, k = y.count
        var xtwx = Array(repeating: Array(repeating: 0.0, count: p), count: p)
        var xtwy = Array(repeating: 0.0, count: p)
        for i in 0..<k {
            for a in 0..<p {
                xtwy[a] += design[i, a] * w[i] * y[i]
                for b in 0..<p { xtwx[a][b] += design[i, a] * w[i] * design[i, b] }
            }
        }
        guard let inverse = WeightedLeastSquares.invert(xtwx) else { return nil }
        let beta = (0..<p).map { a in (0..<p).reduce(0) { $0 + inverse[a][$1] * xtwy[$1] } }
        self.inverse = inverse
        self.coefficients = beta
        var residuals = y
        for i in 0..<k {
            for a in 0..<p { residuals[i] -= design[i, a] * beta[a] }
        }
        self.residuals = residuals
        self.weights = w
        self.design = design
    }

    /// yᵀPy = Σwᵢrᵢ², the weighted residual sum of squares.
    var weightedRSS: Double { zip(weights, residuals).reduce(0) { $0 + $1.0 * $1.1 * $1.1 } }

    /// yᵀPPy = Σ(wᵢrᵢ)².
    var doublyWeightedRSS: Double { zip(weights, residuals).reduce(0) { $0 + ($1.0 * $1.1) * ($1.0 * $1.1) } }

    /// tr(A·XᵀDX) for a diagonal D given by `d`, A = (XᵀWX)⁻¹.
    func trace(withDiagonal d: [Double]) -> Double {
        traceOfProduct(inverse, crossProduct(d))
    }

    /// XᵀDX.
    func crossProduct(_ d: [Double]) -> [[Double]] {
        let p = inverse.count
        var m = Array(repeating: Array(repeating: 0.0, count: p), count: p)
        for i in 0..<d.count {
            for a in 0..<p { for b in 0..<p { m[a][b] += design[i, a] * d[i] * design[i, b] } }
        }
        return m
    }

    /// tr(P) = Σwᵢ − tr(A·XᵀW²X).
    var traceP: Double {
        weights.reduce(0, +) - trace(withDiagonal: weights.map { $0 * $0 })
    }

    /// tr(P²) = Σwᵢ² − 2·tr(A·XᵀW³X) + tr((A·XᵀW²X)²).
    var tracePP: Double {
        let m = multiply(inverse, crossProduct(weights.map { $0 * $0 }))
        return weights.reduce(0) { $0 + $1 * $1 } - 2 * trace(withDiagonal: weights.map { $0 * $0 * $0 })
            + traceOfProduct(m, m)
    }

    /// ln det(XᵀWX) = −ln det(A).
    var logDeterminant: Double {
        -WeightedLeastSquares.logDeterminant(inverse)
    }

    private func multiply(_ x: [[Double]], _ y: [[Double]]) -> [[Double]] {
        let p = x.count
        return (0..<p).map { a in (0..<p).map { b in (0..<p).reduce(0) { $0 + x[a][$1] * y[$1][b] } } }
    }

    private func traceOfProduct(_ x: [[Double]], _ y: [[Double]]) -> Double {
        var t = 0.0
        for a in 0..<x.count { for b in 0..<x.count { t += x[a][b] * y[b][a] } }
        return t
    }

    /// Gauss–Jordan inversion with partial pivoting; nil when singular to working precision
    /// (a pivot below 10⁻¹⁰ of the matrix's largest entry: e.g. an intercept and a moderator
    /// that does not vary).
    static func invert(_ m: [[Double]]) -> [[Double]]? {
        let p = m.count
        var a = m
        var inv = (0..<p).map { i in (0..<p).map { $0 == i ? 1.0 : 0.0 } }
        let scale = m.flatMap { $0 }.map(abs).max() ?? 0
        for col in 0..<p {
            guard let pivot = (col..<p).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }),
                abs(a[pivot][col]) > 1e-10 * scale
            else {
                return nil
            }
            a.swapAt(col, pivot)
            inv.swapAt(col, pivot)
            let scale = a[col][col]
            for j in 0..<p { a[col][j] /= scale; inv[col][j] /= scale }
            for row in 0..<p where row != col {
                let factor = a[row][col]
                if factor == 0 { continue }
                for j in 0..<p { a[row][j] -= factor * a[col][j]; inv[row][j] -= factor * inv[col][j] }
            }
        }
        return inv
    }

    static func logDeterminant(_ m: [[Double]]) -> Double {
        // Small symmetric positive-definite matrices: LU without pivoting is enough.
        var a = m
        var result = 0.0
        for col in 0..<a.count {
            result += log(abs(a[col][col]))
            for row in (col + 1)..<a.count {
                let factor = a[row][col] / a[col][col]
                for j in col..<a.count { a[row][j] -= factor * a[col][j] }
            }
        }
        return result
    }
}
