import ForestEval
import ForestStats

/// The bytes of the last pooled analysis's per-study rows, for the next analysis of the same
/// studies: a DerSimonian–Laird and a REML pool of one outcome, or the hundreds of pools of a
/// simulation, differ in their rows only by the weights. A row is copied from here when its
/// effect, its interval (both bit for bit), its scale, its level and its study (`==`: numbers
/// equal as doubles are written alike, ±0 both as 0) are those it was written for, with the new
/// weight written between the kept bytes; any other row is written afresh and kept in place of
/// the old. The same bytes either way: a row's bytes are a function of exactly what is compared
/// and the weight.
///
/// Rows may be written on two threads (`JSONBytes.rows`), each its own rows: row `i` is read
/// and kept by one thread only, in its own entry, in memory the two threads do not share
/// otherwise — hence `@unchecked Sendable`. `prepare` runs before the rows, on one thread.
final class RowMemo: @unchecked Sendable {
    /// Analyses of more studies keep no rows (about 0.4 kB each, held until the next analysis).
    static let limit = 1 << 16
    /// Nor do analyses of fewer: keeping a row costs about a fifth of writing it, and ten
    /// thousand analyses of ten studies (different data each) would pay that for nothing.
    static let minimum = 100

    /// The numbers a row's bytes depend on besides its study and its weight, bit for bit.
    struct Numbers: Equatable {
        var y: UInt64?
        var v: UInt64?
        var lower: UInt64?
        var upper: UInt64?
        var scale: NaturalScale
        var level: Int

        init(_ row: StudyRow, scale: NaturalScale, level: Int) {
            y = row.effect?.y.bitPattern
            v = row.effect?.v.bitPattern
            lower = row.interval?.lower.bitPattern
            upper = row.interval?.upper.bitPattern
            self.scale = scale
            self.level = level
        }
    }

    /// A row's study and numbers, and its bytes without its weight's digits, which go at
    /// `weightAt`; `kept` is false until a row has been kept here.
    private struct Entry {
        var kept = false
        var numbers: Numbers
        var study: AnalysisStudy
        var bytes: [UInt8] = []
        var weightAt = 0
    }

    private var entries: UnsafeMutablePointer<Entry>
    private var capacity = 0
    /// What an entry holds before a row is kept in it.
    private static let unkept = Entry(
        numbers: Numbers(StudyRow(effect: nil, interval: nil, weightPercent: 0), scale: .identity, level: 0),
        study: AnalysisStudy(label: "", data: .generic(GenericEffect(estimate: 0, standardError: 0))))

    init() {
        entries = .allocate(capacity: 0)
    }

    deinit {
        entries.deinitialize(count: capacity)
        entries.deallocate()
    }

    /// Room for `count` rows; false when an analysis has too many or too few rows to keep.
    func prepare(count: Int) -> Bool {
        guard count <= Self.limit && count >= Self.minimum else { return false }
        if count > capacity {
            let grown = UnsafeMutablePointer<Entry>.allocate(capacity: count)
            grown.moveInitialize(from: entries, count: capacity)
            (grown + capacity).initialize(repeating: Self.unkept, count: count - capacity)
            entries.deallocate()
            (entries, capacity) = (grown, count)
        }
        return true
    }

    /// Row `i` copied with `weight` between its kept bytes, when its study and numbers are the
    /// kept row's. (The entry is compared and read where it is, not copied out.)
    func write(
        _ i: Int, _ study: AnalysisStudy, _ numbers: Numbers, weight: Double, into out: inout JSONBytes
    )
        -> Bool
    {
        guard entries[i].kept, entries[i].numbers == numbers, entries[i].study == study else { return false }
        let weightAt = entries[i].weightAt
        entries[i].bytes.withUnsafeBufferPointer { bytes in
            out.append(UnsafeBufferPointer(rebasing: bytes[..<weightAt]))
            out.number(weight)
            out.append(UnsafeBufferPointer(rebasing: bytes[weightAt...]))
        }
        return true
    }

    /// Keeps row `i`, just written as `out`'s bytes from `start`, its weight's digits at
    /// `weight`.
    func keep(
        _ i: Int, _ study: AnalysisStudy, _ numbers: Numbers, _ out: JSONBytes, from start: Int, weight: Range<Int>
    ) {
        entries[i].kept = true
        entries[i].numbers = numbers
        entries[i].study = study
        entries[i].bytes.removeAll(keepingCapacity: true)
        entries[i].bytes.reserveCapacity(out.position - start - weight.count)
        out.appendBytes(start..<weight.lowerBound, to: &entries[i].bytes)
        out.appendBytes(weight.upperBound..<out.position, to: &entries[i].bytes)
        entries[i].weightAt = weight.lowerBound - start
    }
}
