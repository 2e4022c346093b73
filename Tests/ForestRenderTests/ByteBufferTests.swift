import Testing

@testable import ForestRender

@Suite("Byte buffer")
struct ByteBufferTests {
    /// Bytes appended one at a time, in pieces, as sequences and as copies of earlier ones come
    /// back in order however often the buffer grows.
    @Test func keepsEveryByteInOrderAsItGrows() {
        let buffer = ByteBuffer(capacity: 1)
        var expected: [UInt8] = []
        #expect(buffer.isEmpty && buffer.last == nil)
        for i in 0..<2_000 {
            let piece = (0..<(i % 37)).map { UInt8(truncatingIfNeeded: i &+ $0) }
            switch i % 4 {
            case 0: piece.withUnsafeBufferPointer { buffer.append($0) }
            case 1: buffer.append(piece)
            case 2: for byte in piece { buffer.append(byte) }
            default:
                let start = max(0, buffer.count - 10)
                expected += expected[start...]
                buffer.appendCopy(of: start..<buffer.count)
                continue
            }
            expected += piece
        }
        #expect(buffer.array == expected)
        #expect(buffer.count == expected.count && buffer.last == expected.last)
        [UInt8]().withUnsafeBufferPointer { buffer.append($0) }
        #expect(buffer.count == expected.count)
        buffer.removeAll()
        #expect(buffer.isEmpty && buffer.array == [])
    }

    /// Line breaks of every indentation, at every offset (the spaces are stored eight at a
    /// time), and a row's keys in one piece, whatever the buffer had room for.
    @Test func lineBreaksAndKeysAtEveryOffset() {
        let buffer = ByteBuffer(capacity: 1)
        var expected: [UInt8] = []
        for indentation in 0..<41 {
            buffer.append(UInt8(ascii: "x"))
            buffer.appendLineBreak(indentation: indentation)
            expected +=
                [UInt8(ascii: "x"), UInt8(ascii: "\n")] + Array(repeating: UInt8(ascii: " "), count: indentation)
            let key: StaticString = "ci_lower"
            buffer.appendKey(
                key.utf8Start, count: key.utf8CodeUnitCount, comma: indentation % 2 == 0, spaced: indentation % 3 == 0)
            expected += Array(
                ((indentation % 2 == 0 ? (indentation % 3 == 0 ? ", " : ",") : "") + "\"ci_lower\":"
                    + (indentation % 3 == 0 ? " " : "")).utf8)
        }
        #expect(buffer.array == expected)
    }
}
