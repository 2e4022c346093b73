import ForestSyntax
import Testing

@testable import ForestEval

/// The session's rows of its last pooled analysis (`AnalysisRowsMemo`): given back only for
/// the same studies and outcome, never for studies changed since.
@Suite("Rows kept between pools")
struct AnalysisRowsMemoTests {
    static let k = 2 * AnalysisRowsMemo.minimum + 10

    static func pools(_ session: inout Session, _ script: String) -> [PoolAnalysis] {
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: script))
        #expect(!evaluation.diagnostics.contains { $0.severity == .error }, "\(evaluation.diagnostics)")
        return evaluation.analyses.compactMap { if case .pool(let pool) = $0 { pool } else { nil } }
    }

    /// Each pool's rows as made afresh by a session of its own from the studies defined so far
    /// and that pool alone.
    static func expectFreshRows(_ script: [String]) {
        var session = Session()
        let kept = pools(&session, script.joined(separator: "\n"))
        var studies: [String] = []
        var index = 0
        for line in script {
            guard line.hasPrefix("pool") else {
                studies.append(line)
                continue
            }
            var fresh = Session()
            let alone = pools(&fresh, (studies + [line]).joined(separator: "\n")).last!
            let sameRows = kept[index].studies == alone.studies
            #expect(sameRows, "pool \(index): \(line)")
            #expect(kept[index].result.k == alone.result.k, "pool \(index): \(line)")
            #expect(kept[index].result.estimate == alone.result.estimate, "pool \(index): \(line)")
            index += 1
        }
        #expect(index == kept.count)
    }

    /// The same studies twice (rows shared), a study added, another outcome of the same
    /// studies, two selections of as many studies, and the first outcome again.
    @Test func rowsFollowTheStudies() {
        var script = (0..<Self.k).map { i in
            "study \"S\(i)\" year \(2000 + i % 2) < X: \(i % 7 + 1)/\(30 + i % 11) vs \(i % 3 + 2)/28, Y: \(i % 5)/40 vs 4/41 >"
        }
        script += [
            "pool X tau DL", "pool X tau REML", "study \"N\" < X: 9/30 vs 2/30 >", "pool X tau DL",
            "pool Y tau DL", "pool X tau DL only year 2000",
            "pool X tau DL only year 2001", "pool X tau REML", "pool Y tau REML",
        ]
        Self.expectFreshRows(script)
    }

    /// Two pools of the same studies share one array of rows, which the report recognises.
    @Test func thePoolsOfTheSameStudiesShareTheirRows() {
        var session = Session()
        let script = (0..<Self.k).map { i in "study \"S\(i)\" < X: \(i % 7 + 1)/30 vs 3/28 >" }
        let two = Self.pools(&session, (script + ["pool X tau DL", "pool X tau REML"]).joined(separator: "\n"))
        #expect(two[0].studies.sharesStorage(with: two[1].studies))
        // Fewer studies than the memo keeps: rows made for each pool.
        var small = Session()
        let few = Self.pools(&small, (script.prefix(3) + ["pool X tau DL", "pool X tau REML"]).joined(separator: "\n"))
        #expect(!few[0].studies.sharesStorage(with: few[1].studies))
        #expect(few[0].studies == few[1].studies)
    }

    /// Sharing storage is what the memos take as equal at once: a copy shares; a copy changed,
    /// or an equal array made apart, does not.
    @Test func onlyCopiesShareStorage() {
        let a = Array(0..<200)
        var b = a
        #expect(a.sharesStorage(with: b))
        b[0] = 0
        #expect(!a.sharesStorage(with: b) && a == b)
        #expect(!a.sharesStorage(with: Array(0..<200)))
        #expect(!a.sharesStorage(with: Array(a.dropLast())))
    }
}
