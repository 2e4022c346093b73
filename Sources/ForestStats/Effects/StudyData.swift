/// The outcome data of one study in one of the three shapes Forest knows.

/// Events and totals in the experimental and control arms (a 2×2 table).
public struct BinaryCounts: Sendable, Hashable {
    public var eventsE: Double
    public var totalE: Double
    public var eventsC: Double
    public var totalC: Double

    public init(eventsE: Double, totalE: Double, eventsC: Double, totalC: Double) {
        self.eventsE = eventsE
        self.totalE = totalE
        self.eventsC = eventsC
        self.totalC = totalC
    }

    /// The four cells a (events E), b (non-events E), c (events C), d (non-events C).
    public var table: Table2x2 {
        Table2x2(a: eventsE, b: totalE - eventsE, c: eventsC, d: totalC - eventsC)
    }
}

/// Means, standard deviations and sizes of the two arms.
public struct ContinuousArms: Sendable, Hashable {
    public var meanE: Double
    public var sdE: Double
    public var nE: Double
    public var meanC: Double
    public var sdC: Double
    public var nC: Double

    public init(meanE: Double, sdE: Double, nE: Double, meanC: Double, sdC: Double, nC: Double) {
        self.meanE = meanE
        self.sdE = sdE
        self.nE = nE
        self.meanC = meanC
        self.sdC = sdC
        self.nC = nC
    }
}

/// An effect already on its analysis scale (e.g. a log hazard ratio) and its standard error.
public struct GenericEffect: Sendable, Hashable {
    public var estimate: Double
    public var standardError: Double

    public init(estimate: Double, standardError: Double) {
        self.estimate = estimate
        self.standardError = standardError
    }
}

/// RevMan's "O − E and variance" data: the log-rank (or Peto) statistic O − E of the
/// experimental arm and its variance V.
public struct ObservedMinusExpected: Sendable, Hashable {
    public var oMinusE: Double
    public var variance: Double

    public init(oMinusE: Double, variance: Double) {
        self.oMinusE = oMinusE
        self.variance = variance
    }
}

/// A single group's events out of its size: a proportion.
public struct SingleProportion: Sendable, Hashable {
    public var events: Double
    public var total: Double

    public init(events: Double, total: Double) {
        self.events = events
        self.total = total
    }
}

/// Events and person-time in the experimental and control arms: incidence rates.
public struct IncidenceRates: Sendable, Hashable {
    public var eventsE: Double
    public var timeE: Double
    public var eventsC: Double
    public var timeC: Double

    public init(eventsE: Double, timeE: Double, eventsC: Double, timeC: Double) {
        self.eventsE = eventsE
        self.timeE = timeE
        self.eventsC = eventsC
        self.timeC = timeC
    }
}

/// A correlation coefficient and the size of the sample it was computed in.
public struct SampleCorrelation: Sendable, Hashable {
    public var r: Double
    public var n: Double

    public init(r: Double, n: Double) {
        self.r = r
        self.n = n
    }
}

/// The studies of one outcome, all of one data type, in file order.
public enum OutcomeData: Sendable, Hashable {
    case binary([BinaryCounts])
    case continuous([ContinuousArms])
    case generic([GenericEffect])
    case observedMinusExpected([ObservedMinusExpected])
    case proportion([SingleProportion])
    case rate([IncidenceRates])
    case correlation([SampleCorrelation])

    public var count: Int {
        switch self {
        case .binary(let rows): rows.count
        case .continuous(let rows): rows.count
        case .generic(let rows): rows.count
        case .observedMinusExpected(let rows): rows.count
        case .proportion(let rows): rows.count
        case .rate(let rows): rows.count
        case .correlation(let rows): rows.count
        }
    }

    /// The same outcome restricted to the rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> OutcomeData {
        switch self {
        case .binary(let rows): .binary(indices.map { rows[$0] })
        case .continuous(let rows): .continuous(indices.map { rows[$0] })
        case .generic(let rows): .generic(indices.map { rows[$0] })
        case .observedMinusExpected(let rows): .observedMinusExpected(indices.map { rows[$0] })
        case .proportion(let rows): .proportion(indices.map { rows[$0] })
        case .rate(let rows): .rate(indices.map { rows[$0] })
        case .correlation(let rows): .correlation(indices.map { rows[$0] })
        }
    }

    /// Each study's sample size, where the data carry one (both arms together; nil for generic
    /// and O − E data, and for rates, which carry person-time).
    public var sizes: [Double]? {
        switch self {
        case .binary(let rows): rows.map { $0.totalE + $0.totalC }
        case .continuous(let rows): rows.map { $0.nE + $0.nC }
        case .proportion(let rows): rows.map(\.total)
        case .correlation(let rows): rows.map(\.n)
        case .generic, .observedMinusExpected, .rate: nil
        }
    }
}

/// A study's effect on the analysis scale (log scale for OR and RR) and its sampling variance.
public struct StudyEffect: Sendable, Hashable {
    public var y: Double
    public var v: Double

    public init(y: Double, v: Double) {
        self.y = y
        self.v = v
    }
}
