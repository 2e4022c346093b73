import ForestStats
import ForestSyntax

/// Checks a study's outcome data: counts are whole and within their totals, spreads are positive,
/// and every number lies where the computation stays exact and finite.
enum DataChecks {
    /// No trial has more participants than this (about a hundred times the world's population).
    static let largestCount = 1e12
    /// Means, SDs, estimates and SEs lie between these magnitudes (SDs and SEs must be at least
    /// the smaller: their squares are the variances).
    static let largestValue = 1e100
    static let smallestSpread = 1e-100

    /// A number too large (or a spread too small) to compute with.
    private static func implausible(_ n: Located<NumberLiteral>, spread: Bool) -> [Diagnostic] {
        let v = abs(n.value.value)
        guard !v.isNaN else { return [] }
        if v > largestValue || (spread && v > 0 && v < smallestSpread) {
            return [
                .error(
                    .implausibleValue, "\(n.span.text) is outside the range Forest computes with", at: n.span,
                    notes: ["values must lie within ±1e100, and SDs and SEs be at least 1e-100"])
            ]
        }
        return []
    }

    static func check(_ spec: DataSpec) -> (StudyData?, [Diagnostic]) {
        switch spec {
        case .binary(let eventsE, let totalE, let eventsC, let totalC):
            let counts = BinaryCounts(
                eventsE: eventsE.value.value, totalE: totalE.value.value,
                eventsC: eventsC.value.value, totalC: totalC.value.value)
            // Nearly all counts are fine: settle those without building any diagnostics.
            if isPlainlyValid(counts) { return (.binary(counts), []) }
            var problems =
                count(eventsE, "events") + count(totalE, "total") + count(eventsC, "events") + count(totalC, "total")
            let largest = max(eventsE.value.value, totalE.value.value, eventsC.value.value, totalC.value.value)
            if problems.isEmpty && largest > largestCount {
                for n in [eventsE, totalE, eventsC, totalC] where n.value.value > largestCount {
                    problems.append(
                        .error(
                            .implausibleValue, "\(n.span.text) is not a plausible number of patients", at: n.span,
                            notes: ["counts are limited to 10^12"]))
                }
            }
            if problems.isEmpty {
                problems += total(totalE, arm: "experimental") + total(totalC, arm: "control")
                problems += within(eventsE, totalE, arm: "experimental") + within(eventsC, totalC, arm: "control")
            }
            guard problems.isEmpty else { return (nil, problems) }
            return (.binary(counts), [])
        case .continuous(let e, let c):
            let problems = arm(e, "experimental") + arm(c, "control")
            guard problems.isEmpty else { return (nil, problems) }
            return (
                .continuous(
                    ContinuousArms(
                        meanE: e.mean.value.value, sdE: e.sd.value.value, nE: e.n.value.value,
                        meanC: c.mean.value.value, sdC: c.sd.value.value, nC: c.n.value.value)), []
            )
        case .generic(let estimate, let se):
            var problems = implausible(estimate, spread: false) + implausible(se, spread: true)
            if !(se.value.value > 0) {
                problems.append(
                    .error(
                        .invalidSpread, "a standard error must be positive, not \(se.span.text)", at: se.span,
                        help: "a study without uncertainty cannot be weighted; check the SE"))
            }
            guard problems.isEmpty else { return (nil, problems) }
            return (.generic(GenericEffect(estimate: estimate.value.value, standardError: se.value.value)), [])
        case .observedMinusExpected(let z, let v):
            return observedMinusExpected(z, v)
        case .proportion(let x, let n):
            return proportion(x, n)
        case .rate(let x1, let t1, let x2, let t2):
            return rate(x1, t1, x2, t2)
        case .correlation(let r, let n):
            return correlation(r, n)
        }
    }

    /// O − E any plausible number, its variance positive, and the effect (O − E)/V within the
    /// range of a generic estimate (its SE 1/√V is then within that of an SE).
    private static func observedMinusExpected(
        _ z: Located<NumberLiteral>, _ v: Located<NumberLiteral>
    ) -> (StudyData?, [Diagnostic]) {
        var problems = implausible(z, spread: false) + implausible(v, spread: true)
        if !(v.value.value > 0) {
            problems.append(
                .error(
                    .invalidSpread, "the variance of O − E must be positive, not \(v.span.text)", at: v.span,
                    help: "a study without information cannot be weighted; check V"))
        }
        if problems.isEmpty && abs(z.value.value / v.value.value) > largestValue {
            problems.append(
                .error(
                    .implausibleValue, "(O − E)/V is outside the range Forest computes with",
                    at: z.span.merged(with: v.span), notes: ["the effect (O − E)/V must lie within ±1e100"]))
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (.observedMinusExpected(ObservedMinusExpected(oMinusE: z.value.value, variance: v.value.value)), [])
    }

    /// Whole events from 0 to the group's size, at least 1.
    private static func proportion(
        _ x: Located<NumberLiteral>, _ n: Located<NumberLiteral>
    ) -> (StudyData?, [Diagnostic]) {
        var problems = count(x, "events") + count(n, "total")
        for value in [x, n] where problems.isEmpty && value.value.value > largestCount {
            problems.append(
                .error(
                    .implausibleValue, "\(value.span.text) is not a plausible number of patients", at: value.span,
                    notes: ["counts are limited to 10^12"]))
        }
        if problems.isEmpty { problems += total(n, arm: "single") + within(x, n, arm: "single") }
        guard problems.isEmpty else { return (nil, problems) }
        return (.proportion(SingleProportion(events: x.value.value, total: n.value.value)), [])
    }

    /// Whole events, positive person-time, in each arm.
    private static func rate(
        _ x1: Located<NumberLiteral>, _ t1: Located<NumberLiteral>, _ x2: Located<NumberLiteral>,
        _ t2: Located<NumberLiteral>
    ) -> (StudyData?, [Diagnostic]) {
        var problems = count(x1, "events") + count(x2, "events")
        for (x, t) in [(x1, t1), (x2, t2)] {
            problems += implausible(x, spread: false) + implausible(t, spread: true)
            if !(t.value.value > 0) {
                problems.append(
                    .error(
                        .invalidSpread, "person-time must be positive, not \(t.span.text)", at: t.span,
                        help: "rates are events per person-time, e.g. 12 per 1520.5"))
            }
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (
            .rate(
                IncidenceRates(
                    eventsE: x1.value.value, timeE: t1.value.value, eventsC: x2.value.value, timeC: t2.value.value)),
            []
        )
    }

    /// A correlation strictly between −1 and 1 in a sample of at least 4.
    private static func correlation(
        _ r: Located<NumberLiteral>, _ n: Located<NumberLiteral>
    ) -> (StudyData?, [Diagnostic]) {
        var problems: [Diagnostic] = []
        if !(abs(r.value.value) < 1) {
            problems.append(
                .error(
                    .implausibleValue, "a correlation lies between -1 and 1, not \(r.span.text)", at: r.span,
                    notes: ["a correlation of exactly ±1 has no sampling variance and cannot be weighted"]))
        }
        let size = n.value.value
        if !isWhole(size) || size < 4 || size > largestCount {
            problems.append(
                .error(
                    .invalidCount,
                    "a correlation's sample size must be a whole number of at least 4, not \(n.span.text)",
                    at: n.span, notes: ["Fisher's z has the variance 1/(n − 3)"]))
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (.correlation(SampleCorrelation(r: r.value.value, n: size)), [])
    }

    /// Whether `x` is a whole number, as `x == x.rounded()` (infinities are, NaN is not),
    /// without a call to libm's `round` (four for each entry of binary data).
    static func isWhole(_ x: Double) -> Bool {
        // From 2⁵² on every double is whole; below, adding 2⁵² leaves no fraction bits, so
        // the sum rounds to a whole number and taking 2⁵² away again is exact. NaN fails both.
        let m = x.magnitude
        return m >= 0x1p52 || (m + 0x1p52) - 0x1p52 == m
    }

    /// Whole counts, events from 0 to the total, totals from 1 to `largestCount`: what the
    /// checks below accept, tested without them.
    private static func isPlainlyValid(_ c: BinaryCounts) -> Bool {
        func arm(_ events: Double, _ total: Double) -> Bool {
            events >= 0 && events <= total && total >= 1 && total <= largestCount
                && isWhole(events) && isWhole(total)
        }
        return arm(c.eventsE, c.totalE) && arm(c.eventsC, c.totalC)
    }

    private static func count(_ n: Located<NumberLiteral>, _ what: String) -> [Diagnostic] {
        let value = n.value.value
        if value.isNaN { return [] }  // already reported by the lexer
        if value < 0 {
            return [.error(.invalidCount, "a count cannot be negative", at: n.span, label: "\(what) must be 0 or more")]
        }
        if !isWhole(value) {
            return [
                .error(
                    .invalidCount, "counts must be whole numbers, not \(n.span.text)", at: n.span,
                    label: "not a whole number", help: "binary data are events/total, e.g. 12/30")
            ]
        }
        return []
    }

    private static func total(_ n: Located<NumberLiteral>, arm: String) -> [Diagnostic] {
        n.value.value >= 1
            ? []
            : [
                .error(
                    .invalidCount, "the \(arm == "single" ? "group" : arm + " arm") has no patients", at: n.span,
                    label: "total must be at least 1")
            ]
    }

    private static func within(
        _ events: Located<NumberLiteral>, _ total: Located<NumberLiteral>, arm: String
    ) -> [Diagnostic] {
        guard events.value.value > total.value.value else { return [] }
        return [
            .error(
                .eventsExceedTotal,
                "\(events.span.text) events out of \(total.span.text) in the \(arm == "single" ? "group" : arm + " arm")",
                at: events.span.merged(with: total.span), label: "more events than patients",
                help: "binary data are events/total: the number of events comes first")
        ]
    }

    private static func arm(_ arm: Arm, _ name: String) -> [Diagnostic] {
        var problems = implausible(arm.mean, spread: false) + implausible(arm.sd, spread: true)
        if !(arm.sd.value.value > 0) {
            problems.append(
                .error(
                    .invalidSpread, "a standard deviation must be positive, not \(arm.sd.span.text)", at: arm.sd.span,
                    label: "in the \(name) arm"))
        }
        let n = arm.n.value.value
        if !isWhole(n) || n < 2 || n > largestCount {
            problems.append(
                .error(
                    .invalidCount, "an arm's size must be a whole number of at least 2, not \(arm.n.span.text)",
                    at: arm.n.span, label: "in the \(name) arm",
                    notes: ["a standard deviation needs at least two patients"]))
        }
        return problems
    }
}
