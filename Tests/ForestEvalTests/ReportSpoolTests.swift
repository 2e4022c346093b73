import ForestFiles
import Testing

@Suite("Report spool")
struct ReportSpoolTests {
    /// Past its memory limit the spool moves to a temporary file; what comes back is every
    /// byte in order, whichever way it was held.
    @Test func givesBackEveryByteInOrder() throws {
        for limit in [1 << 30, 1000, 1] {
            let spool = ReportSpool(memoryLimit: limit)
            var expected: [UInt8] = []
            for i in 0..<500 {
                let piece = Array("piece \(i) \(String(repeating: "é", count: i % 17))\n".utf8)
                try spool.append(piece)
                expected += piece
            }
            var back: [UInt8] = []
            try spool.read { back += $0 }
            #expect(back == expected, "limit \(limit)")
        }
    }
}
