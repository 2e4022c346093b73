import ForestEval
import ForestFiles
import ForestRender
import ForestSyntax
import Foundation
import Testing

@Suite("Report thread")
struct ReportThreadTests {
    /// A run's report written on the report's thread is the very report written in line, in
    /// every format, whether analyses wait for the thread (a queue of one, or of 4 studies:
    /// one pool of 3 at a time) or not.
    @Test func writesTheSameBytesInOrder() throws {
        var script = "study \"A\" year 2001 < X: 3/20 vs 5/20 >\nstudy \"B\" year 2002 < X: 4/25 vs 6/25 >\n"
        script += "study \"C\" year 2003 < X: 7/30 vs 6/31 >\n"
        for i in 0..<150 { script += i % 3 == 0 ? "pool X level \(80 + i % 19)\n" : "sensitivity X leave-one-out\n" }
        var session = Session()
        let analyses = session.evaluate(SourceFile(name: "t.forest", text: script)).analyses
        #expect(analyses.count == 150)
        for format in ReportFormats.all {
            var inLine = format.writer(ReportOptions())
            var expected: [UInt8] = []
            for (i, analysis) in analyses.enumerated() { inLine.add(analysis, line: i + 4) { expected += $0 } }
            var expectedEnding: [UInt8] = []
            inLine.finish { expectedEnding += $0 }
            for (limit, studyLimit) in [(1, 100_000), (32, 100_000), (32, 4)] {
                let spool = ReportSpool(memoryLimit: 4096)
                let thread = ReportThread(
                    writer: format.writer(ReportOptions()), spool: spool, limit: limit, studyLimit: studyLimit)
                for (i, analysis) in analyses.enumerated() { thread.submit(analysis, line: i + 4) }
                let report = thread.finish()
                #expect(report.written == 150 && report.failure == nil)
                var back: [UInt8] = []
                try spool.read { back += $0 }
                #expect(back == expected, "\(format.name), limit \(limit)")
                var ending: [UInt8] = []
                var writer = report.writer
                writer.finish { ending += $0 }
                #expect(ending == expectedEnding, "\(format.name): the writer comes back with its state")
            }
        }
    }

    /// Released at any point (before the first analysis, halfway, after the last), the thread
    /// writes the prologue and the whole report to the output, in order, and holds nothing.
    @Test func releasedWritesEverythingToTheOutput() throws {
        var script = "study \"A\" year 2001 < X: 3/20 vs 5/20 >\nstudy \"B\" year 2002 < X: 4/25 vs 6/25 >\n"
        for i in 0..<60 { script += "pool X level \(80 + i % 19)\n" }
        var session = Session()
        let analyses = session.evaluate(SourceFile(name: "t.forest", text: script)).analyses
        let format = ReportFormats.all[1]
        var inLine = format.writer(ReportOptions())
        let prologue = inLine.prologue(title: "T", analyses: analyses.count)
        var expected = prologue
        for analysis in analyses { inLine.add(analysis, line: nil) { expected += $0 } }
        for point in [0, 30, 60] {
            let spool = ReportSpool(memoryLimit: 512)
            let (report, output) = Self.released(
                analyses, at: point, writer: format.writer(ReportOptions()), spool: spool, limit: 4, prologue: prologue)
            #expect(report.written == analyses.count && report.failure == nil)
            #expect(output == expected, "released at \(point)")
            var held: [UInt8] = []
            try spool.read { held += $0 }
            #expect(held.isEmpty)
        }
    }

    /// Pools of the same studies, whose rows the spool holds as their weights after a record
    /// of the rows they copy (`KeptRows`): read back, or released at any point, the report is
    /// every analysis written afresh, in order — through templates that change (another
    /// outcome, another measure) and rows only some of which are copies.
    @Test func rowsHeldAsWeightsComeBackAsTheirBytes() throws {
        let k = 150
        var script = (0..<k).map { i in
            "study \"S\(i)\" < X: \(i % 7 + 1)/\(30 + i % 11) vs \(i % 3 + 2)/28, Y: \(i % 5 + 1)/40 vs 4/41 >\n"
        }.joined()
        let pools = [
            "X tau DL", "X tau REML", "X model fixed", "X measure RR", "X measure RR tau REML",
            "X measure RR model fixed", "Y tau DL", "Y tau REML", "Y tau PM", "X tau PM",
        ]
        for round in 0..<4 { for pool in pools { script += "pool \(pool) level \(90 + round % 2 * 5)\n" } }
        var session = Session()
        let analyses = session.evaluate(SourceFile(name: "t.forest", text: script)).analyses
        #expect(analyses.count == 40)
        var expected: [UInt8] = []
        for (i, analysis) in analyses.enumerated() {
            expected += Array((i == 0 ? "\n    " : ",\n    ").utf8)
            JSONReport.value(analysis, studyRows: true).write(indent: 2, level: 2) { expected += $0 }
        }
        let format = ReportFormats.named("json")!
        for limit in [1, 4096, 1 << 30] {
            let spool = ReportSpool(memoryLimit: limit)
            let thread = ReportThread(writer: format.writer(ReportOptions()), spool: spool, limit: 3)
            for analysis in analyses { thread.submit(analysis, line: nil) }
            #expect(thread.finish().failure == nil)
            var back: [UInt8] = []
            try spool.read { back += $0 }
            let same = back == expected
            #expect(same, "limit \(limit)")
        }
        let prologue = format.writer(ReportOptions()).prologue(title: nil, analyses: analyses.count)
        for point in [0, 9, 20, 40] {
            let (report, output) = Self.released(
                analyses, at: point, writer: format.writer(ReportOptions()), spool: ReportSpool(memoryLimit: 2048),
                limit: 2, prologue: prologue)
            let same = output == prologue + expected
            #expect(report.failure == nil && same, "released at \(point)")
        }
    }

    /// Twelve pools of the same studies: the spool holds the first two pools' rows, their
    /// template once, and ten pools' weights: under a third of the report.
    @Test func poolsOfTheSameStudiesAreHeldAsTheirWeights() throws {
        var script = (0..<150).map { i in "study \"S\(i)\" < X: \(i % 7 + 1)/\(30 + i % 11) vs \(i % 3 + 2)/28 >\n" }
            .joined()
        for i in 0..<12 { script += "pool X tau \(i % 2 == 0 ? "DL" : "REML")\n" }
        var session = Session()
        let analyses = session.evaluate(SourceFile(name: "t.forest", text: script)).analyses
        var expected: [UInt8] = []
        for (i, analysis) in analyses.enumerated() {
            expected += Array((i == 0 ? "\n    " : ",\n    ").utf8)
            JSONReport.value(analysis, studyRows: true).write(indent: 2, level: 2) { expected += $0 }
        }
        let spool = ReportSpool(memoryLimit: 4096)
        let thread = ReportThread(writer: ReportFormats.named("json")!.writer(ReportOptions()), spool: spool)
        for analysis in analyses { thread.submit(analysis, line: nil) }
        #expect(thread.finish().failure == nil)
        #expect(spool.size < expected.count / 3)
        var back: [UInt8] = []
        try spool.read { back += $0 }
        let same = back == expected
        #expect(same)
    }

    /// The analyses through a report's thread released to a file before analysis `point` (or
    /// after the last): what `finish` gave, and the file's bytes.
    static func released(
        _ analyses: [Analysis], at point: Int, writer: any ReportWriter, spool: ReportSpool, limit: Int,
        prologue: [UInt8]
    ) -> (report: (writer: any ReportWriter, written: Int, failure: ReportSpool.Failure?), output: [UInt8]?) {
        let thread = ReportThread(writer: writer, spool: spool, limit: limit)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { unlink(path) }
        for (i, analysis) in analyses.enumerated() {
            if i == point { thread.release(to: fd, after: prologue) }
            thread.submit(analysis, line: nil)
        }
        if point == analyses.count { thread.release(to: fd, after: prologue) }
        let report = thread.finish()
        close(fd)
        return (report, FileManager.default.contents(atPath: path).map(Array.init))
    }

    /// A run without analyses: the thread ends at once, having written nothing.
    @Test func endsWithNothingToWrite() {
        let spool = ReportSpool()
        let report = ReportThread(writer: ReportFormats.all[1].writer(ReportOptions()), spool: spool).finish()
        #expect(report.written == 0 && report.failure == nil)
    }
}
