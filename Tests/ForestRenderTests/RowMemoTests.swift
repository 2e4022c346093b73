import ForestEval
import ForestStats
import ForestSyntax
import Testing

@testable import ForestRender

/// The report's kept rows (`RowMemo`): a report written analysis after analysis through one
/// writer, its rows copied wherever a row's study and numbers are the last analysis's, is the
/// same bytes as every analysis written afresh.
@Suite("Rows kept between analyses")
struct RowMemoTests {
    /// Each analysis through one writer (rows kept from one to the next), compared with the
    /// analysis written as a value on its own.
    static func expectSameBytes(_ script: String, pools: Int, heldAsWeights: Int) {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: script))
        #expect(!evaluation.diagnostics.contains { $0.severity == .error })
        let analyses = evaluation.analyses.filter { if case .pool = $0 { true } else { false } }
        #expect(analyses.count == pools)
        var writer = JSONReport.Writer(studyRows: true)
        var held = 0
        for analysis in analyses {
            var straight: [UInt8] = []
            writer.add(analysis, line: nil, to: { straight += $0 }) { rows in
                held += 1
                rows.write { straight += $0 }
            }
            var fresh: [UInt8] = Array((writer.count == 1 ? "\n    " : ",\n    ").utf8)
            JSONReport.value(analysis, studyRows: true).write(indent: 2, level: 2) { fresh += $0 }
            #expect(String(decoding: straight, as: UTF8.self) == String(decoding: fresh, as: UTF8.self))
        }
        #expect(held == heldAsWeights, "analyses whose rows were held as their weights")
    }

    /// The same studies pooled by other methods and models (only the weights differ), another
    /// outcome of the same labels (other data: written afresh), other studies with the same
    /// data (other labels), a selection (rows shifted), studies of two rows (qualifiers),
    /// attributes, zero cells, and the first outcome again; enough studies to keep rows.
    @Test func poolsOfTheSameStudies() {
        let k = RowMemo.minimum + 20
        let y = (0..<k).map { i in "\(i % 4)/\(20 + i % 9) vs \(i % 5 + 1)/\(21 + i % 7)" }
        var lines = (0..<k).map { i in
            let x =
                i % 10 == 0
                ? "X[stage \"I\"]: 3/20 vs 5/20, X[stage \"II\"]: \(i % 6)/21 vs 6/22"
                : "X: \(i % 7)/\(30 + i % 11) vs \(i % 3 + 2)/\(28 + i % 5)"
            return
                "study \"S\(i)\" year \(2000 + i % 20) design \"\(i % 3 == 0 ? "cohort" : "RCT")\" < \(x), Y: \(y[i]) >"
        }
        lines += (0..<k).map { i in "study \"T\(i)\" < Z: \(y[i]) >" }
        lines += [
            "X tau DL", "X tau REML", "X model fixed", "Y tau DL", "Z tau DL", "X tau DL only design \"RCT\"",
            "X tau DL measure RR", "X tau PM",
        ].map { "pool \($0) convention metafor" }
        Self.expectSameBytes(lines.joined(separator: "\n"), pools: 8, heldAsWeights: 1)
    }

    /// More rows than one block: written on two threads, each row kept and read by one.
    @Test func rowsWrittenOnTwoThreads() {
        let k = 2 * JSONBytes.blockRows + 37
        var lines = (0..<k).map { i in
            let y = i % 997 == 0 ? "\(i % 5 + 1)/50 vs \(i % 7 + 2)/50" : "\(i % 11 + 1)/40 vs \(i % 13 + 1)/40"
            return "study \"S\(i)\" < X: \(i % 11 + 1)/40 vs \(i % 13 + 1)/40, Y: \(y) >"
        }
        lines += ["X", "X", "X", "Y", "X"].enumerated().map { j, outcome in
            "pool \(outcome) measure OR method IV model random tau \(j % 2 == 0 ? "DL" : "REML") convention metafor"
        }
        Self.expectSameBytes(lines.joined(separator: "\n"), pools: 5, heldAsWeights: 1)
    }

    /// What the memo's comparison of studies rests on: doubles equal under `==` are written
    /// alike (±0 both as 0), and a NaN (never equal) is written as null.
    @Test func numbersEqualAsDoublesAreWrittenAlike() {
        for (a, b) in [(0.0, -0.0), (1e-300, 1e-300), (2.5, 2.5)] {
            var x = JSONBytes(indent: 2)
            var y = JSONBytes(indent: 2)
            x.number(a)
            y.number(b)
            #expect(x.bytes == y.bytes, "\(a) \(b)")
        }
        var nan = JSONBytes(indent: 2)
        nan.number(.nan)
        #expect(String(decoding: nan.bytes, as: UTF8.self) == "null")
    }

    /// A kept row is copied, with the weight given, only for its own studies and numbers.
    @Test func aRowIsCopiedOnlyForWhatItWasWrittenFor() {
        let studies = (0..<RowMemo.minimum).map { i in
            AnalysisStudy(
                label: "S\(i)", data: .binary(BinaryCounts(eventsE: 3, totalE: 20, eventsC: Double(i), totalC: 200)))
        }
        let row = StudyRow(
            effect: StudyEffect(y: -0.5, v: 0.4), interval: Interval(lower: -1.7, upper: 0.7), weightPercent: 40)
        let numbers = RowMemo.Numbers(row, scale: .exponential, level: 4)
        let memo = RowMemo()
        #expect(memo.prepare(studies))
        var out = JSONBytes(indent: 2)
        #expect(!memo.write(0, numbers, weight: 40, into: &out))
        out.append("before ")
        let weightStart = out.position
        out.number(40)
        let weight = weightStart..<out.position
        out.append(" after")
        memo.keep(0, numbers, out, from: 0, weight: weight)

        var copied = JSONBytes(indent: 2)
        #expect(memo.prepare(studies))
        #expect(memo.write(0, numbers, weight: 62.5, into: &copied))
        #expect(String(decoding: copied.bytes, as: UTF8.self) == "before 62.5 after")
        #expect(!memo.write(1, numbers, weight: 62.5, into: &copied))
        var moved = row
        moved.interval = Interval(lower: -1.7, upper: 0.7000000000000001)
        var other = row
        other.effect = StudyEffect(y: -0.5, v: 0.4.nextUp)
        for n in [
            RowMemo.Numbers(moved, scale: .exponential, level: 4),
            RowMemo.Numbers(other, scale: .exponential, level: 4),
            RowMemo.Numbers(row, scale: .identity, level: 4), RowMemo.Numbers(row, scale: .exponential, level: 5),
        ] {
            #expect(!memo.write(0, n, weight: 62.5, into: &copied))
        }
        // Other studies (one label): nothing kept is theirs, nor the first studies' again after.
        var renamed = studies
        renamed[RowMemo.minimum - 1].label = "T"
        #expect(memo.prepare(renamed))
        #expect(!memo.write(0, numbers, weight: 62.5, into: &copied))
        #expect(memo.prepare(studies))
        #expect(!memo.write(0, numbers, weight: 62.5, into: &copied))
        // A text canonically equal but written otherwise (é as e and an accent): not the same.
        var accented = studies
        accented[0].label = "\u{E9}"
        #expect(memo.prepare(accented))
        memo.keep(0, numbers, out, from: 0, weight: weight)
        #expect(memo.write(0, numbers, weight: 62.5, into: &copied))
        var decomposed = accented
        decomposed[0].label = "e\u{301}"
        #expect(decomposed == accented)
        #expect(memo.prepare(decomposed))
        #expect(!memo.write(0, numbers, weight: 62.5, into: &copied))
        #expect(!memo.prepare(Array(studies.dropLast())))
        #expect(!memo.prepare(Array(repeating: studies[0], count: RowMemo.limit + 1)))
    }
}

/// Rows held as their weights (`KeptRows`) as a spool keeps them: encoded and read back, they
/// are the same rows; bytes that are not such rows are refused, never trusted.
@Suite("Rows held as their weights")
struct KeptRowsTests {
    /// Two rows, each its bytes before and after its weight.
    static let template = {
        let rows = [("\"a\": 1, \"w\": ", ", \"b\": 2"), ("\"c\": ", ", \"d\": \"é\"")]
        var (bytes, starts, weightAt): ([UInt8], [Int], [Int]) = ([], [0], [])
        for (before, after) in rows {
            weightAt.append(before.utf8.count)
            bytes += Array((before + after).utf8)
            starts.append(bytes.count)
        }
        return RowTemplate(bytes: bytes, starts: starts, weightAt: weightAt)
    }()

    static func bytes(_ rows: KeptRows) -> String {
        var out: [UInt8] = []
        rows.write { out += $0 }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func encodedRowsComeBackTheSame() throws {
        let rows = KeptRows(template: Self.template, weights: [12.5, 87.5], level: 3, indent: 2)
        #expect(
            Self.bytes(rows)
                == "[\n        {\"a\": 1, \"w\": 12.5, \"b\": 2},\n        {\"c\": 87.5, \"d\": \"é\"}\n      ]")
        let template = try #require(RowTemplate(encoded: Self.template.encoded))
        let back = try #require(KeptRows(template: template, encodedRows: rows.encodedRows))
        #expect(Self.bytes(back) == Self.bytes(rows))
        // Weights bit for bit, whatever they are.
        let odd = KeptRows(template: Self.template, weights: [-0.0, 1e-310], level: 0, indent: 0)
        let oddBack = try #require(KeptRows(template: template, encodedRows: odd.encodedRows))
        #expect(oddBack.weights.map(\.bitPattern) == odd.weights.map(\.bitPattern))
    }

    @Test func bytesThatAreNotRowsAreRefused() {
        let encoded = Self.template.encoded
        #expect(RowTemplate(encoded: []) == nil)
        #expect(RowTemplate(encoded: Array(encoded.prefix(30))) == nil)
        // The second row's start beyond the bytes; a weight's place beyond its row.
        var beyond = encoded
        beyond[16] = 200
        #expect(RowTemplate(encoded: beyond) == nil)
        var outside = encoded
        outside[32] = 30
        #expect(RowTemplate(encoded: outside) == nil)
        let rows = KeptRows(template: Self.template, weights: [1, 2], level: 1, indent: 2).encodedRows
        #expect(KeptRows(template: Self.template, encodedRows: Array(rows.dropLast())) == nil)
        #expect(KeptRows(template: Self.template, encodedRows: rows + [0]) == nil)
        let three = KeptRows(template: Self.template, weights: [1, 2, 3], level: 1, indent: 2).encodedRows
        #expect(KeptRows(template: Self.template, encodedRows: three) == nil)
    }
}
