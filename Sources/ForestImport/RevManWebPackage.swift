import CSV
import Foundation

/// A RevMan Web "data package" (the folder RevMan Web exports) read into the same model as a
/// RevMan 5 file, so that one writer makes the script.
///
/// Its CSV files, found by the end of their names: `…-overall-estimates-and-settings.csv` (one
/// row per analysis: data type, statistical method, effect measure, analysis model, group
/// labels, CI level, and RevMan's results), `…-data-rows.csv` (one row per study and analysis,
/// with its subgroup), `…-study-information.csv` (study, year) and `…-risk-of-bias.csv` (a
/// judgement column per domain). Cells are read by their headers, not their position.
public enum RevManWebPackage {
    public static func read(folder: String) -> Result<RevManReview, RevManReview.Failure> {
        do {
            let files = try csvFiles(in: folder)
            var review = RevManReview()
            let settings = try table(files, "-overall-estimates-and-settings.csv", required: true)
            let rows = try table(files, "-data-rows.csv", required: true)
            review.comparisons = try comparisons(settings, rows)
            let studies = try table(files, "-study-information.csv", required: false)
            review.studies = studyList(studies, rows)
            review.qualityItems = qualityItems(try table(files, "-risk-of-bias.csv", required: false))
            return .success(review)
        } catch let failure as RevManReview.Failure {
            return .failure(failure)
        } catch {
            return .failure(.init(message: "\(error)"))
        }
    }

    /// A CSV file as rows of cells by header, with the file's name for messages.
    struct Table {
        var name: String
        var header: [String]
        var rows: [[String: String]]
    }

    private static func csvFiles(in folder: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else {
            throw RevManReview.Failure(message: "cannot read the folder \(folder)")
        }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".csv") }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    private static func table(_ files: [String], _ suffix: String, required: Bool) throws -> Table? {
        guard let path = files.first(where: { $0.hasSuffix(suffix) }) else {
            if required {
                throw RevManReview.Failure(
                    message: "no file ending in \(suffix) in the package (is it a RevMan Web data package?)")
            }
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path),
            var text = String(data: data, encoding: .utf8)
        else { throw RevManReview.Failure(message: "\(path) cannot be read as UTF-8 text") }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        let header = reader.headerRow ?? []
        var rows: [[String: String]] = []
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.allSatisfy(\.isEmpty) { continue }
            guard row.count == header.count else {
                throw RevManReview.Failure(
                    line: line, message: "\(path): row \(line) has \(row.count) cells, the header \(header.count)")
            }
            rows.append(Dictionary(zip(header, row), uniquingKeysWith: { a, _ in a }))
        }
        return Table(name: path, header: header, rows: rows)
    }

    /// RevMan Web's words for effect measures, methods and data types, as RevMan 5's codes.
    static let measures = [
        "Odds Ratio": "OR", "Risk Ratio": "RR", "Risk Difference": "RD", "Mean Difference": "MD",
        "Std. Mean Difference": "SMD", "Standardized Mean Difference": "SMD", "Hazard Ratio": "HR",
        "Peto Odds Ratio": "PETO_OR",
    ]
    static let kinds: [String: RevManReview.OutcomeKind] = [
        "Dichotomous": .dichotomous, "Continuous": .continuous, "Generic inverse variance": .genericInverseVariance,
        "O-E and variance": .observedMinusExpected, "O-E and Variance": .observedMinusExpected,
    ]
    /// RevMan 5's row attribute for each data-rows column.
    static let rowColumns = [
        "Experimental cases": "EVENTS_1", "Experimental N": "TOTAL_1", "Control cases": "EVENTS_2",
        "Control N": "TOTAL_2", "Experimental mean": "MEAN_1", "Experimental SD": "SD_1", "Control mean": "MEAN_2",
        "Control SD": "SD_2", "GIV Mean": "EFFECT_SIZE", "GIV SE": "SE", "O-E": "O_E", "Variance": "VAR",
    ]
}

extension RevManWebPackage {
    /// The analyses by comparison ("Analysis group"), each with its settings and rows.
    static func comparisons(_ settings: Table?, _ rows: Table?) throws -> [RevManReview.Comparison] {
        var comparisons: [RevManReview.Comparison] = []
        for analysis in settings?.rows ?? [] {
            let group = analysis["Analysis group"] ?? "1", number = analysis["Analysis number"] ?? "1"
            let dataType = analysis["Data type"] ?? ""
            guard let kind = kinds[dataType] else {
                throw RevManReview.Failure(
                    message: "analysis \(group).\(number): data type \"\(dataType)\" is not one Forest reads")
            }
            let measureWords = analysis["Effect measure"] ?? ""
            guard let measure = measures[measureWords] else {
                throw RevManReview.Failure(
                    message:
                        "analysis \(group).\(number): effect measure \"\(measureWords)\" is not one Forest computes")
            }
            var outcome = RevManReview.Outcome(
                kind: kind,
                values: [
                    "NO": number, "EFFECT_MEASURE": measure,
                    "METHOD": (analysis["Statistical method"] ?? "").uppercased(),
                    "RANDOM": analysis["Analysis model"]?.hasPrefix("Random") == true ? "YES" : "NO",
                    "CI_TOTAL": (analysis["Estimate CI"] ?? "95").replacing("%", with: ""),
                ])
            outcome.name = analysis["Analysis name"] ?? ""
            outcome.groupLabels = [analysis["Experimental group label"] ?? "", analysis["Control group label"] ?? ""]
            for row in rows?.rows ?? [] where row["Analysis group"] == group && row["Analysis number"] == number {
                var values: [String: String] = [:]
                for (column, key) in rowColumns { values[key] = row[column] }
                let subgroup = row["Subgroup"].flatMap { $0.isEmpty ? nil : $0 }
                if let subgroup, !outcome.subgroups.contains(subgroup) { outcome.subgroups.append(subgroup) }
                outcome.rows.append(.init(studyID: row["Study"] ?? "", values: values, subgroup: subgroup))
            }
            if comparisons.last?.number != group {
                comparisons.append(.init(number: group, name: analysis["Analysis group name"] ?? ""))
            }
            comparisons[comparisons.count - 1].outcomes.append(outcome)
        }
        return comparisons
    }

    /// The studies: those of the study information (with their year), then any other study of
    /// the data rows (with the year given there).
    static func studyList(_ information: Table?, _ rows: Table?) -> [RevManReview.Study] {
        var studies = (information?.rows ?? []).map {
            RevManReview.Study(id: $0["Study"] ?? "", name: $0["Study"] ?? "", year: $0["Year"] ?? "")
        }
        for row in rows?.rows ?? [] {
            let name = row["Study"] ?? ""
            if !studies.contains(where: { $0.id == name }) {
                studies.append(.init(id: name, name: name, year: row["Study year"] ?? ""))
            }
        }
        return studies
    }

    /// One item per "Domain (judgement): NAME" column; "Not applicable" and empty cells are no
    /// judgement.
    static func qualityItems(_ table: Table?) -> [RevManReview.QualityItem] {
        guard let table else { return [] }
        let prefix = "Domain (judgement): "
        let domains = table.header.filter { $0.hasPrefix(prefix) }
        return domains.enumerated().map { index, column in
            var item = RevManReview.QualityItem(number: "\(index + 1)")
            item.name = String(column.dropFirst(prefix.count))
            for row in table.rows {
                let result = row[column] ?? ""
                guard !result.isEmpty, result != "Not applicable" else { continue }
                item.judgements.append((row["Study"] ?? "", result.components(separatedBy: " ").first!.uppercased()))
            }
            return item
        }
    }
}
