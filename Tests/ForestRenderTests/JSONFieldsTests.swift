import ForestEval
import ForestSyntax
import Testing

@testable import ForestRender

/// A pooled analysis written straight into the report's bytes (`JSONObjectBytes`) is the same
/// bytes as its value (`JSONFieldList`) written: every shape of pool — fixed and random, z and
/// t, a selection, notes, the absolute effect, with and without study rows and a line.
@Suite("JSON fields written straight")
struct JSONFieldsTests {
    static let script = """
        study "A" year 2001 design "RCT" < X[stage "I"]: 3/20 vs 5/20, X[stage "II"]: 4/21 vs 6/22 >
        study "B" year 2003 design "RCT" < X: 0/25 vs 0/25, Y: 1/20 vs 2/20 >
        study "C" year 2004 design "cohort" < X: 9/40 vs 16/41, Y: 3/30 vs 6/31 >
        pool X
        pool X model random tau REML hksj convention metafor
        pool X model random tau DL only design "RCT"
        pool Y measure RR model fixed nnt 0.2
        pool Y measure RD method MH
        """

    @Test func poolsWrittenStraightAreTheSameBytes() throws {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: Self.script))
        #expect(!evaluation.diagnostics.contains { $0.severity == .error })
        let pools = evaluation.analyses.filter { if case .pool = $0 { true } else { false } }
        #expect(pools.count == 5)
        for pool in pools {
            for studyRows in [true, false] {
                for line in [nil, 7] as [Int?] {
                    var writer = JSONReport.Writer(studyRows: studyRows)
                    var straight: [UInt8] = []
                    writer.add(pool, line: line, to: { straight += $0 })
                    var fromValue: [UInt8] = Array("\n    ".utf8)
                    JSONReport.value(pool, studyRows: studyRows, line: line).write(indent: 2, level: 2) {
                        fromValue += $0
                    }
                    #expect(String(decoding: straight, as: UTF8.self) == String(decoding: fromValue, as: UTF8.self))
                }
            }
        }
    }

    @Test func anEmptyObjectIsWrittenAsAValueWouldBe() {
        var bytes: [UInt8] = []
        JSONBytes.writing(indent: 2, to: { bytes += $0 }) { out in
            out = JSONObjectBytes(out, level: 1).finish()
        }
        #expect(String(decoding: bytes, as: UTF8.self) == JSONValue.object([]).serialized(indent: 2))
    }
}
