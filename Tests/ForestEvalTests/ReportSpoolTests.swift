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

    /// `release(to:after:)`, what `forest run` prints with: the prologue, then the same bytes
    /// (through sendfile for the part in the file, pieces large enough to go to the file
    /// directly among them), then every piece appended after it, straight to the descriptor.
    @Test func releasesEveryByteToADescriptor() throws {
        for limit in [1 << 30, 1000, 1] {
            let spool = ReportSpool(memoryLimit: limit)
            let prologue = Array("head\n".utf8)
            var expected = prologue
            for i in 0..<300 {
                let piece = Array(repeating: UInt8(truncatingIfNeeded: i), count: i % 7 == 0 ? 70_000 : 10 + i)
                try spool.append(piece)
                expected += piece
            }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            defer { unlink(path) }
            try spool.release(to: fd, after: prologue)
            for i in 0..<20 {
                let piece = Array("after \(i)\n".utf8)
                try spool.append(piece)
                expected += piece
            }
            close(fd)
            #expect(FileManager.default.contents(atPath: path).map(Array.init) == expected, "limit \(limit)")
        }
    }

    /// A write to the output that fails after the release is the output's failure (with its
    /// errno, for the message and exit status standard output's failures get), not the spool's.
    @Test func anOutputThatFailsIsNamed() throws {
        let spool = ReportSpool(memoryLimit: 1)
        try spool.append(Array("held".utf8))
        let fd = open("/dev/null", O_RDONLY)
        defer { close(fd) }
        do {
            try spool.release(to: fd, after: Array("head".utf8))
            Issue.record("a write to a descriptor opened for reading succeeded")
        } catch {
            #expect(error.outputCode == EBADF)
            #expect(error.message.hasPrefix("cannot write the output"))
        }
        // Nothing to write at the release; the next piece fails.
        let empty = ReportSpool()
        try empty.release(to: fd)
        #expect(throws: ReportSpool.Failure.self) { try empty.append([1]) }
    }
}
