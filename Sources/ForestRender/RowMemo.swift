import ForestEval
import ForestStats

/// The bytes of the last pooled analysis's per-study rows, for the next analysis of the same
/// studies: a DerSimonian–Laird and a REML pool of one outcome, or the hundreds of pools of a
/// simulation, differ in their rows only by the weights. When an analysis's studies equal
/// those whose rows are kept (`==`, texts byte for byte), a row is copied from here if its effect and interval (bit
/// for bit), its scale and its level are those it was written for, with the new weight written
/// between the kept bytes; any other row is written afresh and kept in place of the old. The
/// same bytes either way: a row's bytes are a function of its study, of exactly the numbers
/// compared and of the weight (numbers in a study equal as doubles are written alike, ±0 both
/// as 0).
///
/// Rows may be written on two threads (`JSONBytes.rows`), each its own rows: row `i` is read
/// and kept by one thread only, in its own entry, in memory the two threads do not share
/// otherwise — hence `@unchecked Sendable`. `prepare` runs before the rows, on one thread.
final class RowMemo: @unchecked Sendable {
    /// Analyses of more studies keep no rows (about 0.3 kB each, held until the next analysis:
    /// 40 MB for 131,072 rows).
    static let limit = 1 << 17
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

    /// A row's numbers and its bytes without its weight's digits, which go at `weightAt`;
    /// kept for the studies of `generation`.
    private struct Entry {
        var generation = 0
        var numbers = Numbers(StudyRow(effect: nil, interval: nil, weightPercent: 0), scale: .identity, level: 0)
        var bytes: [UInt8] = []
        var weightAt = 0
    }

    private var entries: UnsafeMutablePointer<Entry>
    private var capacity = 0
    /// The kept rows as one unchanging template, with its generation: made when an analysis's
    /// rows are all copies, forgotten before any row is written afresh (`copies`).
    private var template: (generation: Int, rows: RowTemplate)?
    /// How many analyses in a row, of the studies of this generation, had only copies as rows.
    private var copied = 0
    /// The studies whose rows are kept, and their generation (the entries of another are not
    /// theirs).
    private var studies: [AnalysisStudy] = []
    private var generation = 0

    init() {
        entries = .allocate(capacity: 0)
    }

    deinit {
        entries.deinitialize(count: capacity)
        entries.deallocate()
    }

    /// Ready for the rows of `studies`; false when an analysis has too many or too few rows to
    /// keep. Other studies than the last ones make every kept row stale.
    func prepare(_ studies: [AnalysisStudy]) -> Bool {
        guard studies.count <= Self.limit && studies.count >= Self.minimum else { return false }
        if studies.count > capacity {
            let grown = UnsafeMutablePointer<Entry>.allocate(capacity: studies.count)
            grown.moveInitialize(from: entries, count: capacity)
            (grown + capacity).initialize(repeating: Entry(), count: studies.count - capacity)
            entries.deallocate()
            (entries, capacity) = (grown, studies.count)
        }
        if !Self.same(studies, self.studies) {
            self.studies = studies
            generation += 1
            copied = 0
        }
        return true
    }

    /// `==`, and every text byte for byte: String's `==` holds canonically equivalent texts
    /// equal ("é" as one scalar or as e and an accent), which a report writes as they are. At
    /// once for the same array (the session's rows of the same studies, `AnalysisRowsMemo`):
    /// the memo keeps the array it compares with alive, and an array sharing its storage holds
    /// its values.
    private static func same(_ a: [AnalysisStudy], _ b: [AnalysisStudy]) -> Bool {
        a.sharesStorage(with: b) || (a == b && a.indices.allSatisfy { sameTexts(a, b, $0) })
    }

    /// The texts of study `i` of two arrays equal under `==` (a study's data are numbers),
    /// byte for byte; each field read where it is (a study copied out is five references).
    private static func sameTexts(_ a: [AnalysisStudy], _ b: [AnalysisStudy], _ i: Int) -> Bool {
        guard sameBytes(a[i].label, b[i].label), sameBytes(a[i].studyLabel, b[i].studyLabel),
            sameBytes(a[i].qualifier?.attribute ?? "", b[i].qualifier?.attribute ?? ""),
            sameBytes(a[i].qualifier?.value ?? "", b[i].qualifier?.value ?? "")
        else { return false }
        for j in a[i].attributes.indices {
            guard sameBytes(a[i].attributes[j].name, b[i].attributes[j].name) else { return false }
            if case .text(let s) = a[i].attributes[j].value, case .text(let t) = b[i].attributes[j].value,
                !sameBytes(s, t)
            {
                return false
            }
        }
        return true
    }

    /// The same UTF-8 bytes; at once for the same representation (the same storage — a study's
    /// label, shared by every analysis of it — or the same short text held inline), which can
    /// only hold the same bytes.
    private static func sameBytes(_ x: String, _ y: String) -> Bool {
        typealias Words = (UInt64, UInt64)
        if MemoryLayout<String>.size == MemoryLayout<Words>.size {
            let (a, b) = (unsafeBitCast(x, to: Words.self), unsafeBitCast(y, to: Words.self))
            if a.0 == b.0 && a.1 == b.1 { return true }
        }
        return x.utf8.elementsEqual(y.utf8)
    }

    /// The template of rows `0..<count` and each row's weight, when every row's numbers are
    /// the kept row's (`numbers(i)`, and its study is: `prepare`): an analysis whose rows can
    /// be held as its weights (`KeptRows`). Else nil, and the rows are written one by one: when
    /// some are not copies, the template is forgotten (some rows are kept anew); and for the
    /// first analysis in a row whose rows are all copies, whose rows are copied from here as
    /// they are written — the template costs as much to make and to hold as the rows it
    /// copies, so a pair of pools (DL, then REML) would gain nothing by it. Called on one
    /// thread, before the rows.
    func copies(count: Int, numbers: (Int) -> Numbers, weight: (Int) -> Double) -> (RowTemplate, [Double])? {
        guard count <= capacity,
            (0..<count).allSatisfy({ i in
                entries[i].generation == generation && entries[i].numbers == numbers(i)
            })
        else {
            (template, copied) = (nil, 0)
            return nil
        }
        copied += 1
        guard copied >= 2 else { return nil }
        if template?.generation != generation || template?.rows.count != count {
            template = (generation, makeTemplate(count))
        }
        return (template!.rows, (0..<count).map(weight))
    }

    /// The kept rows `0..<count` in one template.
    private func makeTemplate(_ count: Int) -> RowTemplate {
        var bytes: [UInt8] = []
        var starts = [0]
        var weightAt: [Int] = []
        bytes.reserveCapacity((0..<count).reduce(0) { $0 + entries[$1].bytes.count })
        for i in 0..<count {
            bytes += entries[i].bytes
            starts.append(bytes.count)
            weightAt.append(entries[i].weightAt)
        }
        return RowTemplate(bytes: bytes, starts: starts, weightAt: weightAt)
    }

    /// Row `i` copied with `weight` between its kept bytes, when its numbers are the kept
    /// row's (its study is: `prepare`).
    func write(_ i: Int, _ numbers: Numbers, weight: Double, into out: inout JSONBytes) -> Bool {
        let entry = entries + i
        guard entry.pointee.generation == generation, entry.pointee.numbers == numbers else { return false }
        let weightAt = entry.pointee.weightAt
        entry.pointee.bytes.withUnsafeBufferPointer { bytes in
            out.append(UnsafeBufferPointer(rebasing: bytes[..<weightAt]))
            out.number(weight)
            out.append(UnsafeBufferPointer(rebasing: bytes[weightAt...]))
        }
        return true
    }

    /// Keeps row `i`, just written as `out`'s bytes from `start`, its weight's digits at
    /// `weight`.
    func keep(_ i: Int, _ numbers: Numbers, _ out: JSONBytes, from start: Int, weight: Range<Int>) {
        let entry = entries + i
        entry.pointee.generation = generation
        entry.pointee.numbers = numbers
        entry.pointee.bytes.removeAll(keepingCapacity: true)
        entry.pointee.bytes.reserveCapacity(out.position - start - weight.count)
        out.appendBytes(start..<weight.lowerBound, to: &entry.pointee.bytes)
        out.appendBytes(weight.upperBound..<out.position, to: &entry.pointee.bytes)
        entry.pointee.weightAt = weight.lowerBound - start
    }
}
