import ForestFiles
import Foundation
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

    /// `copy(to:)`, what `forest run` prints with: the same bytes, through sendfile for the
    /// part in the file (pieces large enough to go to the file directly among them).
    @Test func copiesEveryByteToADescriptor() throws {
        for limit in [1 << 30, 1000, 1] {
            let spool = ReportSpool(memoryLimit: limit)
            var expected: [UInt8] = []
            for i in 0..<300 {
                let piece = Array(repeating: UInt8(truncatingIfNeeded: i), count: i % 7 == 0 ? 70_000 : 10 + i)
                try spool.append(piece)
                expected += piece
            }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            defer { unlink(path) }
            #expect(spool.copy(to: fd) == nil)
            close(fd)
            #expect(FileManager.default.contents(atPath: path).map(Array.init) == expected, "limit \(limit)")
        }
    }
}
