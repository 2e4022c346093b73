import Testing

@testable import ForestSyntax

/// `ByteSearch` finds bytes eight at a time; a source's line starts and whole-word search use
/// it, and must find what a byte-by-byte loop finds: at every position in a word, in the tail
/// shorter than a word, next to bytes whose borrow or carry would spill into a lane beside.
@Suite("Byte search")
struct ByteSearchTests {
    @Test func findsEveryByteInOrder() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x0A, 0x0B, 0x09, 0x00, 0xFF, 0x8A, 0x80, 0x7F, 0x61, 0x0A]
        for length in 0..<70 {
            for _ in 0..<20 {
                let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                for byte: UInt8 in [0x0A, 0x00, 0xFF, 0x80] {
                    var found: [Int] = []
                    text.withUnsafeBufferPointer { buffer in
                        ByteSearch.forEach(byte, in: buffer) {
                            found.append($0); return true
                        }
                    }
                    #expect(found == text.indices.filter { text[$0] == byte }, "\(text) \(byte)")
                }
            }
        }
    }

    @Test func stopsWhenAsked() {
        let text = Array("a\nb\nc\nd\ne\nf\ng\nh\ni\n".utf8)
        var found: [Int] = []
        text.withUnsafeBufferPointer { buffer in
            ByteSearch.forEach(0x0A, in: buffer) {
                found.append($0); return found.count < 3
            }
        }
        #expect(found == [1, 3, 5])
    }

    @Test func lineStartsAreAfterEveryLineBreak() {
        for text in [
            "", "\n", "a", "a\n", "\n\n\n", "study \"A\" < Y: 1/2 vs 1/2 >\npool Y\n\n# é\nx",
            String(repeating: "ab\n", count: 30),
        ] {
            let expected = [0] + Array(text.utf8).enumerated().filter { $0.element == 0x0A }.map { $0.offset + 1 }
            #expect(SourceFile(name: "t", text: text).lineStarts == expected, "\(text.debugDescription)")
        }
    }

    @Test func wholeWordsAreFoundAtEveryOffset() {
        for padding in 0..<12 {
            let before = String(repeating: "x ", count: padding)
            #expect(SourceFile(name: "t", text: before + "report").containsWord("report"))
            #expect(SourceFile(name: "t", text: before + "report\n").containsWord("report"))
            #expect(SourceFile(name: "t", text: before + "rreport re report").containsWord("report"))
            #expect(!SourceFile(name: "t", text: before + "reports repor report_ -report").containsWord("report"))
            #expect(!SourceFile(name: "t", text: before + "repor").containsWord("report"))
        }
    }
}
