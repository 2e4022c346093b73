import ForestStats
import ForestSyntax
import Foundation

extension Session {
    /// `findings [to "FILE"]`: the summary-of-findings table of the rows given so far.
    func findings(_ statement: FindingsStatement) throws(DiagnosticList) -> ReviewTable {
        guard !findingRows.isEmpty else {
            throw DiagnosticList([
                .error(
                    .missingData, "no finding has been given, so there is no summary of findings", at: statement.span,
                    help: "give each outcome's row first, e.g. finding PR downgrade imprecision 1 \"Few events\"")
            ])
        }
        if let file = statement.file,
            let problem = checkOutput(
                OutputRequest(path: file.value, figure: "characteristics", outcome: "findings"))
        {
            throw DiagnosticList([
                problem.kind == .unsupportedFormat
                    ? .error(.invalidOptionValue, problem.reason, at: file.span, help: problem.help)
                    : .error(.unwritableOutput, "cannot write \(file.value): \(problem.reason)", at: file.span)
            ])
        }
        var notes: [String] = []
        // One footnote per distinct reason, its letter shared by every row it applies to.
        var letterOf: [String: String] = [:]
        let rows = findingRows.map { row -> [String] in
            var letters: [String] = []
            for reason in row.reasons {
                let levels = reason.levels == 2 ? " (two levels)" : ""
                let text = "\(reason.domain.words)\(levels)" + (reason.reason.map { ": \($0)" } ?? "")
                if let letter = letterOf[text] {
                    letters.append(letter)
                    continue
                }
                let letter = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(notes.count % 26)))
                letterOf[text] = letter
                letters.append(letter)
                notes.append("\(letter). \(text)")
            }
            return Self.cells(row) + [
                Self.certainty(row.certainty) + (letters.isEmpty ? "" : " (\(letters.joined(separator: ", ")))")
            ]
        }
        notes.append(
            "The corresponding risk (and its 95% CI) is based on the assumed risk in the comparison group and the relative effect of the intervention (and its 95% CI)."
        )
        return ReviewTable(
            kind: "summary_of_findings", title: "Summary of findings",
            columns: [
                "Outcome", "Assumed risk with control", "Corresponding risk with intervention (95% CI)",
                "Relative effect (95% CI)", "Participants (studies)", "Certainty of the evidence (GRADE)",
            ], rows: rows, notes: notes, file: statement.file?.value)
    }

    /// Outcome, assumed risk, corresponding risk, relative effect, participants.
    static func cells(_ row: FindingRow) -> [String] {
        // Two decimals as the text tables print them (printf's rounding of the exact value); a
        // million or more with an exponent, as they print it too (`1.05e+21`, never 22 digits).
        func number(_ x: Double) -> String {
            guard x.isFinite else { return x.isNaN ? "not estimable" : (x > 0 ? "> 1.8e308" : "< -1.8e308") }
            if abs(x) >= 1e6 { return String(format: "%.2e", x) }
            let s = String(format: "%.2f", x)
            return s == "-0.00" ? "0.00" : s
        }
        let effect: String
        if let e = row.estimate, let ci = row.interval {
            let scale = row.scale.natural
            effect =
                "\(row.measure.rawValue) \(number(scale(e))) (\(number(scale(ci.lower))) to \(number(scale(ci.upper))))"
        } else {
            effect = "not estimable"
        }
        var assumed = "—", corresponding = "—"
        if let acr = row.assumedRisk, let e = row.estimate, let ci = row.interval,
            [.OR, .RR, .RD].contains(row.measure)
        {
            let scale = row.scale.natural
            let per1000 = { (risk: Double) in String(Int((min(max(risk, 0), 1) * 1000).rounded())) }
            let risk = { (x: Double) in CorrespondingRisk.of(assumed: acr, measure: row.measure, effect: scale(x)) }
            assumed = "\(per1000(acr)) per 1,000"
            corresponding = "\(per1000(risk(e))) per 1,000 (\(per1000(risk(ci.lower))) to \(per1000(risk(ci.upper))))"
        }
        // Generic data (an estimate and its SE) do not say how many took part.
        let count = row.participants > 0 ? NumberText.plain(row.participants) : "—"
        let participants = "\(count) (\(row.studies) \(row.studies == 1 ? "study" : "studies"))"
        return [row.outcome, assumed, corresponding, effect, participants]
    }

    /// ⊕⊕⊕⊕ High, ⊕⊕⊕◯ Moderate, ⊕⊕◯◯ Low, ⊕◯◯◯ Very low.
    static func certainty(_ level: Int) -> String {
        let words = [1: "Very low", 2: "Low", 3: "Moderate", 4: "High"][level] ?? "Very low"
        return String(repeating: "⊕", count: level) + String(repeating: "◯", count: 4 - level) + " " + words
    }
}
