import ForestEval
import ForestRender
import ForestSyntax

/// One fuzz input: any bytes, taken as a script. Everything Forest does with a script runs,
/// except touching files; then the outputs are checked for what must never appear. A crash,
/// a trap, a timeout or a failed check here is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let (source, problem) = SourceFile.decode(name: "fuzz.forest", bytes: bytes)
    var diagnostics = problem.map { [$0] } ?? []
    // A word the input itself holds (a study called "NaN") may be echoed back.
    let input = source.text
    currentInput = input
    forbidden = ["NaN", "nan", "∞", "inf,", "inf]", "-inf"].filter { !input.contains($0) }
    // The study fast path reads exactly what the lexer and parser would.
    let fast = Parser.parse(source, studyFastPath: true), ordinary = Parser.parse(source, studyFastPath: false)
    if fast.script != ordinary.script || fast.diagnostics != ordinary.diagnostics {
        fatalError("the study fast path and the parser disagree")
    }
    var session = Session()
    let evaluation = session.evaluate(source)
    diagnostics += evaluation.diagnostics
    check(DiagnosticRenderer().renderLimited(diagnostics), "diagnostics")
    check(DiagnosticJSON.document(diagnostics).serialized(indent: 2), "diagnostic JSON")
    let text = TextReport(style: TextStyle()).render(evaluation.analyses, title: session.title?.value)
    check(text, "text")
    check(TextReport(style: TextStyle(unicode: false, plot: true)).render(evaluation.analyses), "ASCII text")
    check(JSONReport.document(evaluation.analyses).serialized(indent: 2), "JSON")
    for case .figure(let figure) in evaluation.analyses where figure.file != nil {
        let svg = FigureSVG.render(figure)
        checkXML(svg)
    }
    check(evaluation.analyses.flatMap(ResultSentence.sentences).joined(separator: "\n"), "sentences")
    for case .report(let report) in evaluation.analyses {
        // The page and its inline figures: what XML allows, no NaN or infinity shown. (The
        // Markdown report holds its figures in base64, where any letters may appear.)
        checkXML(HTMLReport.render(report))
        _ = MarkdownReport.render(report)
    }
    return 0
}

/// The words no output may show for the current input.
nonisolated(unsafe) private var forbidden: [String] = []
nonisolated(unsafe) private var currentInput = ""

/// Terminal and JSON output: no control character but newlines (nothing that drives a
/// terminal), no NaN or infinity shown as a result.
private func check(_ output: String, _ what: String) {
    for scalar in output.unicodeScalars {
        let v = scalar.value
        if (v < 0x20 && v != 0x0A) || v == 0x7F || (0x80...0x9F).contains(v) {
            fatalError("\(what) output holds control character U+\(String(v, radix: 16))")
        }
    }
    for word in forbidden where output.contains(word) {
        fatalError("\(what) output shows `\(word)`:\n\(output)")
    }
}

/// SVG: only characters XML 1.0 allows, and no NaN or infinity in coordinates.
private func checkXML(_ svg: String) {
    for scalar in svg.unicodeScalars {
        let v = scalar.value
        if (v < 0x20 && v != 0x9 && v != 0xA && v != 0xD) || v == 0xFFFE || v == 0xFFFF {
            fatalError("SVG holds U+\(String(v, radix: 16)), not allowed in XML 1.0")
        }
    }
    for word in ["NaN", "nan\"", "inf\"", "∞"] where svg.contains(word) && !currentInput.contains(word) {
        fatalError("SVG shows `\(word)`")
    }
}

/// SwiftPM links an executable target's entry point as `<Target>_main`; hand control to
/// libFuzzer's driver from there (libFuzzer's own `main` is then not needed).
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("ForestFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { data, size in
        guard let data else { return fuzzOneInput(UnsafePointer(bitPattern: 1)!, 0) }
        return fuzzOneInput(data, size)
    }
}
