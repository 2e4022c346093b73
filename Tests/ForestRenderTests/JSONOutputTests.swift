import ForestEval
import ForestRender
import ForestSyntax
import ForestTestSupport
import Testing

@Suite("JSON output")
struct JSONOutputTests {
    func json(_ text: String) -> String {
        var session = Session()
        let evaluation = session.evaluate(SourceFile(name: "t.forest", text: text))
        let document = JSONReport.document(evaluation.analyses).serialized(indent: 2)
        // Every output holds to the published schema (docs/forest-results.schema.json).
        #expect(SchemaCheck.problems(document) == [])
        return document
    }

    @Test func contractFieldsInOrder() {
        Golden().check(
            "pool.json",
            json(
                """
                study "A" year 2001 < X: 3/20 vs 5/20 >
                study "B" year 2003 < X: 0/25 vs 0/25 >
                study "C" year 2004 < X: 9/40 vs 16/41 >
                pool X
                pool X model random tau REML hksj convention metafor
                """) + "\n")
    }

    @Test func fullPrecisionAndNulls() {
        #expect(JSONValue.number(0.1 + 0.2).serialized() == "0.30000000000000004")
        #expect(JSONValue.number(.nan).serialized() == "null")
        #expect(JSONValue.number(100).serialized() == "100")
        #expect(JSONValue.number(-7).serialized() == "-7")
        #expect(JSONValue.int(0).serialized() == "0")
        #expect(JSONValue.int(Int.min).serialized() == "\(Int.min)")
        #expect(JSONValue.int(1_234_567_890_123).serialized() == "1234567890123")
        #expect(JSONValue.number(8.91137967074168e-31).serialized() == "8.91137967074168e-31")
        #expect(JSONValue.string("a\"b\n").serialized() == #""a\"b\n""#)
    }

    /// Written in pieces, with rows made as they are written, a document is the same bytes as
    /// written whole; strings that need escapes (C1 controls too) take the escaping path.
    @Test func streamedDocumentIsTheSameBytes() {
        let rows = JSONValue.elements(count: 50) { i in
            .object([("study", .string("S\(i) \u{85}\"é")), ("w", .number(Double(i) / 7)), ("n", .null)])
        }
        let document = JSONValue.object([
            ("results", .array([.object([("rows", rows), ("empty", .elements(count: 0) { _ in .null })])]))
        ])
        var pieces: [[UInt8]] = []
        document.write(indent: 2, chunk: 64) { pieces.append($0) }
        #expect(pieces.count > 10)
        #expect(pieces.allSatisfy { $0.count < 64 + 200 })
        #expect(String(decoding: pieces.joined(), as: UTF8.self) == document.serialized(indent: 2))
        #expect(document.serialized(indent: 2).contains(#""S3 \u0085\"é""#))
        #expect(JSONValue.elements(count: 2) { .int($0) }.serialized() == "[0,1]")
    }

    /// Per-study rows (with attributes and a row's qualifier object) written in pieces of
    /// every size are the bytes written whole: a piece never ends inside a row, where a piece
    /// ending after a comma once lost the space after it.
    @Test func rowsWrittenInPiecesAreTheSameBytes() {
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(
                name: "t.forest",
                text: """
                    study "A" year 2001 < X[stage "I"]: 3/20 vs 5/20, X[stage "II"]: 4/21 vs 6/22 >
                    study "B" year 2003 design "RCT" < X: 1/25 vs 2/25 >
                    study "C" year 2004 < X: 9/40 vs 16/41 >
                    pool X model random tau REML
                    """))
        let document = JSONReport.document(evaluation.analyses)
        let whole = document.serialized(indent: 2)
        #expect(whole.contains(#""qualifier": {"attribute": "stage", "value": "II"}"#))
        for chunk in [1, 2, 3, 5, 8, 13, 40, 300] {
            var pieces: [[UInt8]] = []
            document.write(indent: 2, chunk: chunk) { pieces.append($0) }
            #expect(String(decoding: pieces.joined(), as: UTF8.self) == whole, "pieces of \(chunk)")
        }
    }

    /// Many rows are written on two cores, in blocks: the same bytes as one row after another,
    /// at and around every block boundary, indented or not, whole or in pieces.
    @Test func rowsWrittenOnTwoCoresAreInOrder() {
        for count in [1, 8191, 8192, 8193, 3 * 4096 + 5, 5 * 4096 + 17] {
            let document = JSONValue.object([
                (
                    "rows",
                    .objects(count: count) { i, out, level in
                        out.field("i", first: true, level: level)
                        out.number(Double(i) + 0.25)
                        out.field("s", level: level)
                        out.string("r\(i)")
                    }
                )
            ])
            let rows = (0..<count).map { #"{"i": \#(Double($0) + 0.25), "s": "r\#($0)"}"# }
            let expected = "{\n  \"rows\": [\n    " + rows.joined(separator: ",\n    ") + "\n  ]\n}"
            #expect(document.serialized(indent: 2) == expected, "\(count) rows")
            let flat = rows.map { $0.replacing(": ", with: ":").replacing(", ", with: ",") }
            #expect(document.serialized() == #"{"rows":["# + flat.joined(separator: ",") + "]}", "\(count) rows")
            var pieces: [[UInt8]] = []
            document.write(indent: 2, chunk: 70_000) { pieces.append($0) }
            #expect(String(decoding: pieces.joined(), as: UTF8.self) == expected, "\(count) rows in pieces")
            // Between rows (or before the first), never within one.
            #expect(pieces.dropLast().allSatisfy { $0.last.map(Array(",}[".utf8).contains) == true })
        }
    }

    /// A value written again just after itself (a study's log estimate and its analysis
    /// estimate) has its digits copied — also across a piece's end, where they have gone to
    /// the sink and are found afresh; a different value never takes the copy.
    @Test func aRepeatedNumberIsWrittenTheSame() {
        let values: [Double] = [0.1, 0.1, 0.1, 1 / 3, -1 / 3, 1 / 3, 2.5e-300, 2.5e-300, 7, 7, 0.1, -0.0, 0.1]
        let document = JSONValue.array(values.map { .number($0) } + [.elements(count: 40) { _ in .number(0.3) }])
        var pieces: [[UInt8]] = []
        document.write(indent: 2, chunk: 16) { pieces.append($0) }
        let whole = document.serialized(indent: 2)
        #expect(String(decoding: pieces.joined(), as: UTF8.self) == whole)
        let numbers = whole.split(whereSeparator: { "[], \n".contains($0) }).map(String.init)
        #expect(numbers.prefix(values.count) == values.map { $0 == 7 ? "7" : $0 == 0 ? "0" : "\($0)" }[...])
        #expect(numbers.dropFirst(values.count) == Array(repeating: "0.3", count: 40)[...])
    }
}
