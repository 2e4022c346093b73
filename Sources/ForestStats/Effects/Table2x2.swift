/// A 2×2 table with real-valued cells, so that a continuity correction can be applied.
public struct Table2x2: Sendable, Hashable {
    public var a: Double
    public var b: Double
    public var c: Double
    public var d: Double

    public init(a: Double, b: Double, c: Double, d: Double) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }

    public var n1: Double { a + b }
    public var n2: Double { c + d }
    public var total: Double { a + b + c + d }

    /// Some cell is zero: the study needs a continuity correction for OR, RR and their variances.
    public var hasZeroCell: Bool { a == 0 || b == 0 || c == 0 || d == 0 }

    /// No events in either arm, or only events in both arms: the table says nothing about a
    /// ratio (RevMan: "not estimable"; metafor: dropped when `drop00 = TRUE`).
    public var isDoubleZero: Bool { (a == 0 && c == 0) || (b == 0 && d == 0) }

    /// The table with `increment` added to all four cells when any cell is zero — RevMan 5's
    /// rule and metafor's `add = 1/2, to = "only0"` (Deeks & Higgins 2010, §"Zero cells").
    public func correctedIfZero(_ increment: Double = 0.5) -> Table2x2 {
        hasZeroCell ? Table2x2(a: a + increment, b: b + increment, c: c + increment, d: d + increment) : self
    }
}
