import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What Forest takes from a RevMan 5 review file (`.rm5`, XML): the title, the included
/// studies, every comparison's outcomes with their settings, subgroups and data rows, RevMan's
/// own results where it cached them, and the risk-of-bias judgements.
///
/// Element and attribute names are RevMan 5's: STUDY (ID, NAME, YEAR); COMPARISON > NAME and
/// DICH_OUTCOME | CONT_OUTCOME | IV_OUTCOME | IPD_OUTCOME (O−E and variance), each with NAME,
/// GROUP_LABEL_1/2, GRAPH_LABEL_1/2, optional *_SUBGROUP elements (NAME), and *_DATA rows whose
/// STUDY_ID refers to a STUDY; QUALITY_ITEM (NO, NAME) > QUALITY_ITEM_DATA_ENTRY (STUDY_ID,
/// RESULT). Anything else — the review's text, references, footnotes inside data rows — is
/// passed over.
public struct RevManReview: Sendable, Hashable {
    public struct Study: Sendable, Hashable {
        public var id: String
        public var name: String
        public var year: String
    }

    public enum OutcomeKind: String, Sendable, Hashable {
        case dichotomous = "DICH"
        case continuous = "CONT"
        case genericInverseVariance = "IV"
        case observedMinusExpected = "IPD"
    }

    /// One data row: its study and RevMan's attributes (EVENTS_1, MEAN_1, EFFECT_SIZE, O_E, WEIGHT …).
    public struct Row: Sendable, Hashable {
        public var studyID: String
        public var values: [String: String]
        /// The subgroup's name, for a row inside a subgroup.
        public var subgroup: String?
    }

    public struct Outcome: Sendable, Hashable {
        public var kind: OutcomeKind
        /// The outcome's own attributes (EFFECT_MEASURE, METHOD, RANDOM, CI_TOTAL, and RevMan's
        /// cached results: EFFECT_SIZE, CI_START, CI_END, CHI2, I2, Z …).
        public var values: [String: String]
        public var name = ""
        public var groupLabels = ["", ""]
        public var graphLabels = ["", ""]
        public var subgroups: [String] = []
        public var rows: [Row] = []
    }

    public struct Comparison: Sendable, Hashable {
        public var number: String
        public var name = ""
        public var outcomes: [Outcome] = []
    }

    /// A risk-of-bias item (a domain) and each study's judgement (YES, NO, UNKNOWN in RevMan
    /// 5.0; LOW, HIGH, UNKNOWN later).
    public struct QualityItem: Sendable, Hashable {
        public var number: String
        public var name = ""
        public var judgements: [(study: String, result: String)] = []

        public static func == (a: QualityItem, b: QualityItem) -> Bool {
            a.number == b.number && a.name == b.name && a.judgements.elementsEqual(b.judgements, by: ==)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(number)
            hasher.combine(name)
        }
    }

    public var title = ""
    public var studies: [Study] = []
    public var comparisons: [Comparison] = []
    public var qualityItems: [QualityItem] = []

    /// A problem reading the file: where (line and column, when known) and what.
    public struct Failure: Error, Sendable, Hashable {
        public var line: Int?
        public var column: Int?
        public var message: String
    }

    /// Reads the review in `data` (the file's bytes; XMLParser honours the encoding the file
    /// declares, ISO-8859-1 or UTF-8).
    public static func read(_ data: Data) -> Result<RevManReview, Failure> {
        let parser = XMLParser(data: data)
        let reader = RevManXMLReader()
        parser.delegate = reader
        // XMLParser on Linux answers true even after an error: the error is what counts.
        let parsed = parser.parse()
        if let problem = reader.xmlError { return .failure(problem) }
        guard parsed, parser.parserError == nil, reader.sawRoot else {
            return .failure(
                Failure(line: parser.lineNumber, column: parser.columnNumber, message: "not a RevMan 5 review file"))
        }
        if let problem = reader.problem { return .failure(problem) }
        return .success(reader.review)
    }

    /// RevMan writes characters an XML name cannot hold as `_xHHHH_` in ids ("STD-ISIS_x002d_2"
    /// is STD-ISIS-2).
    public static func unescapedID(_ id: String) -> String {
        var out = ""
        var rest = Substring(id)
        while let start = rest.range(of: "_x") {
            out += rest[..<start.lowerBound]
            let hex = rest[start.upperBound...].prefix(5)
            if hex.count == 5, hex.last == "_", let value = UInt32(hex.dropLast(), radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                out.unicodeScalars.append(scalar)
                rest = rest[rest.index(start.upperBound, offsetBy: 5)...]
            } else {
                out += "_x"
                rest = rest[start.upperBound...]
            }
        }
        return out + rest
    }
}

/// The XMLParser delegate that fills a `RevManReview`.
final class RevManXMLReader: NSObject, XMLParserDelegate {
    var review = RevManReview()
    var sawRoot = false
    var problem: RevManReview.Failure?
    private var path: [String] = []
    private var text = ""
    private var subgroup: String?

    private static let outcomeKinds: [String: RevManReview.OutcomeKind] = [
        "DICH_OUTCOME": .dichotomous, "CONT_OUTCOME": .continuous, "IV_OUTCOME": .genericInverseVariance,
        "IPD_OUTCOME": .observedMinusExpected,
    ]

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        if path.isEmpty { sawRoot = name == "COCHRANE_REVIEW" }
        path.append(name)
        text = ""
        switch name {
        case "STUDY" where path.contains("INCLUDED_STUDIES"):
            review.studies.append(
                .init(id: attributes["ID"] ?? "", name: attributes["NAME"] ?? "", year: attributes["YEAR"] ?? ""))
        case "COMPARISON":
            review.comparisons.append(.init(number: attributes["NO"] ?? "\(review.comparisons.count + 1)"))
        case _ where Self.outcomeKinds[name] != nil && !review.comparisons.isEmpty:
            review.comparisons[review.comparisons.count - 1].outcomes.append(
                .init(kind: Self.outcomeKinds[name]!, values: attributes))
            subgroup = nil
        case "DICH_SUBGROUP", "CONT_SUBGROUP", "IV_SUBGROUP", "IPD_SUBGROUP":
            subgroup = ""
        case "DICH_DATA", "CONT_DATA", "IV_DATA", "IPD_DATA":
            guard let study = attributes["STUDY_ID"] else {
                problem =
                    problem
                    ?? .init(
                        line: parser.lineNumber, column: parser.columnNumber, message: "a \(name) row has no STUDY_ID")
                return
            }
            updateOutcome { $0.rows.append(.init(studyID: study, values: attributes, subgroup: subgroup)) }
        case "QUALITY_ITEM":
            review.qualityItems.append(.init(number: attributes["NO"] ?? "\(review.qualityItems.count + 1)"))
        case "QUALITY_ITEM_DATA_ENTRY" where !review.qualityItems.isEmpty:
            review.qualityItems[review.qualityItems.count - 1].judgements.append(
                (attributes["STUDY_ID"] ?? "", attributes["RESULT"] ?? ""))
        default:
            break
        }
    }

    /// The first XML error, where it happened.
    var xmlError: RevManReview.Failure?

    func parser(_ parser: XMLParser, parseErrorOccurred error: Error) {
        guard xmlError == nil else { return }
        let code = (error as NSError).code
        let words: [Int: String] = [
            5: "the file ends in the middle of the review (is it truncated?)",
            76: "an end tag does not match its start tag", 73: "a tag is not closed with `>`",
            9: "a character is not allowed here", 4: "the document is empty",
            32: "the text is not in the encoding the file declares",
        ]
        xmlError = .init(
            line: parser.lineNumber, column: parser.columnNumber,
            message: "the XML is malformed: " + (words[code] ?? "XML parser error \(code)"))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch (name, parent) {
        case ("TITLE", "COVER_SHEET"): review.title = value
        case ("NAME", "COMPARISON"): review.comparisons[review.comparisons.count - 1].name = value
        case ("NAME", _) where Self.outcomeKinds[parent] != nil: updateOutcome { $0.name = value }
        case ("NAME", _) where parent.hasSuffix("_SUBGROUP"):
            subgroup = value
            updateOutcome { $0.subgroups.append(value) }
        case ("GROUP_LABEL_1", _): updateOutcome { $0.groupLabels[0] = value }
        case ("GROUP_LABEL_2", _): updateOutcome { $0.groupLabels[1] = value }
        case ("GRAPH_LABEL_1", _): updateOutcome { $0.graphLabels[0] = value }
        case ("GRAPH_LABEL_2", _): updateOutcome { $0.graphLabels[1] = value }
        case ("NAME", "QUALITY_ITEM"): review.qualityItems[review.qualityItems.count - 1].name = value
        default: break
        }
        if name.hasSuffix("_SUBGROUP") { subgroup = nil }
        path.removeLast()
        text = ""
    }

    /// Changes the outcome being read (the last of the last comparison), if there is one.
    private func updateOutcome(_ change: (inout RevManReview.Outcome) -> Void) {
        guard let c = review.comparisons.indices.last, let o = review.comparisons[c].outcomes.indices.last,
            path.contains(where: { Self.outcomeKinds[$0] != nil })
        else { return }
        change(&review.comparisons[c].outcomes[o])
    }
}
