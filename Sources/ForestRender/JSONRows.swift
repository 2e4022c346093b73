import Foundation

/// The rows of `JSONValue.objects` (a report's per-study rows), one object per line. An array
/// of many rows is written on two cores: in blocks of `blockRows` rows, two blocks at a time,
/// each into a buffer of its own, then both after the rows before them — the same bytes as
/// writing them one by one. A report's thread writing the rows of a million studies otherwise
/// ran alone for a second after the run's thread had finished.
extension JSONBytes {
    /// Rows per block: about 1.4 MB of a pooled analysis's rows, ~4 ms of work — far more than
    /// handing a block to another thread costs.
    static let blockRows = 4096

    /// Rows `0..<count`, each written by `write(index, &out, level)` after a line break at
    /// `level`, with commas between them.
    mutating func rows(count: Int, level: Int, _ write: @Sendable (Int, inout JSONBytes, Int) -> Void) {
        guard count >= 2 * Self.blockRows, ProcessInfo.processInfo.activeProcessorCount > 1 else {
            for i in 0..<count { row(i, of: count, level: level, write) }
            return
        }
        let blocks = Blocks(indent: indent)
        var start = 0
        while start < count {
            let ranges = [0, 1].map { j in
                min(count, start + j * Self.blockRows)..<min(count, start + (j + 1) * Self.blockRows)
            }
            DispatchQueue.concurrentPerform(iterations: 2) { j in
                blocks.write(j) { block in
                    for i in ranges[j] { block.row(i, of: count, level: level, write) }
                }
            }
            for j in 0..<2 { blocks.read(j) { append(contentsOf: $0) } }
            start = ranges[1].upperBound
        }
    }

    /// Row `i` of `count`: its line break, `{`, its fields, `}` and a comma unless last.
    private mutating func row(
        _ i: Int, of count: Int, level: Int, _ write: @Sendable (Int, inout JSONBytes, Int) -> Void
    ) {
        newline(level: level)
        // Each row on one line: a study per line reads and diffs well, and a report of a
        // million studies is a third smaller than with a line per field.
        oneLine = true
        byte(UInt8(ascii: "{"))
        write(i, &self, level)
        byte(UInt8(ascii: "}"))
        oneLine = false
        if i + 1 < count { byte(UInt8(ascii: ",")) }
    }
}

/// The two blocks' buffers, kept from one pair of blocks to the next (not made anew for each
/// 1.4 MB block), in memory of their own: the two threads never share a Swift array, each
/// works on its own buffer. `@unchecked Sendable`: block `j` is used by one thread at a time —
/// written within `concurrentPerform`'s iteration `j`, read after it has returned.
private final class Blocks: @unchecked Sendable {
    private let buffers = UnsafeMutablePointer<JSONBytes>.allocate(capacity: 2)

    /// Each buffer made at the size of a block of rows (~0.35 kB each), not grown to it by
    /// doubling from a few kB for every analysis.
    init(indent: Int) {
        let capacity = JSONBytes.blockRows * 512
        buffers.initialize(to: JSONBytes(indent: indent, capacity: capacity))
        (buffers + 1).initialize(to: JSONBytes(indent: indent, capacity: capacity))
    }

    deinit {
        buffers.deinitialize(count: 2)
        buffers.deallocate()
    }

    func write(_ j: Int, _ body: (inout JSONBytes) -> Void) {
        body(&buffers[j])
    }

    func read(_ j: Int, _ body: (JSONBytes) -> Void) {
        body(buffers[j])
        buffers[j].clear()
    }
}
