/// What each diagnostic means, an example that gives it and how to fix it: the text of
/// `forest explain ID` and of docs/errors.md (a test keeps the file equal to this catalogue, and
/// runs every example to check that it gives its diagnostic).
public struct DiagnosticExplanation: Sendable, Hashable {
    public var id: DiagnosticID
    /// What the diagnostic says is wrong, in a sentence.
    public var meaning: String
    /// A script that gives it, or nil when no script can (an interruption, a failing disk).
    public var example: String?
    /// CSV files the example reads, by path.
    public var files: [String: String] = [:]
    /// How to make it go away.
    public var fix: String

    /// The explanation of one diagnostic.
    public static func of(_ id: DiagnosticID) -> DiagnosticExplanation? {
        all.first { $0.id == id }
    }

    static let studies = "study \"A\" < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 4/25 vs 6/25 >\n"
    static let csv = "study,ai,n1i,ci,n2i,year\nKe 2011,12,30,6,30,2011\n"

    /// Every diagnostic explained, in the order of `DiagnosticID` (a test checks that none is
    /// missing).
    public static let all: [DiagnosticExplanation] = DiagnosticID.allCases.compactMap { id in
        (lexical + syntax + data + files + analyses).first { $0.id == id }
    }

    static let lexical: [DiagnosticExplanation] = [
        .init(
            id: .unterminatedString, meaning: "A string has no closing double quote on its line.",
            example: "study \"Ke 2011 < X: 12/30 vs 6/30 >",
            fix: "Close the string with `\"` before the end of the line; a string cannot span lines."),
        .init(
            id: .invalidEscape, meaning: "A backslash in a string is followed by a character other than `\"` or `\\`.",
            example: "review \"Ke\\q 2011\"",
            fix: "Write `\\\"` for a quote and `\\\\` for a backslash; nothing else is escaped."),
        .init(
            id: .invalidCharacter, meaning: "A character that begins no token of the language.",
            example: studies + "pool X @", fix: "Delete the character; comments start with `#`."),
        .init(
            id: .invalidNumber, meaning: "Digits run into letters or other characters, so the word is no number.",
            example: "study \"A\" < X: 12abc/30 vs 6/30 >",
            fix: "Write the number alone, with a point for decimals (`1.5`, `2e-3`)."),
        .init(
            id: .invalidUTF8, meaning: "The script's bytes are not UTF-8 text (a file saved as Latin-1, say).",
            example: nil, fix: "Save the file as UTF-8 (most editors: \"Save with encoding\")."),
        .init(
            id: .hyphenInName, meaning: "A name contains `-`; only the keyword `leave-one-out` does.",
            example: studies + "pool my-outcome", fix: "Use `_` in names: `my_outcome`."),
        .init(
            id: .invalidName, meaning: "A word that should be a name starts with a digit.",
            example: "outcome 1y_survival label \"One-year survival\"",
            fix: "Start names with a letter or `_`: `survival_1y`."),
    ]

    static let syntax: [DiagnosticExplanation] = [
        .init(
            id: .unexpectedEndOfInput, meaning: "The script ends in the middle of a statement.",
            example: "study \"A\" < X: 12/30 vs", fix: "Complete the statement (here the control arm and `>`)."),
        .init(
            id: .unexpectedToken,
            meaning: "A statement has something other than what its grammar allows at that point.",
            example: "study \"A\" < X 12/30 vs 6/30 >",
            fix:
                "Write what the message expects (here `:` after the outcome's name); `forest explain` and docs/language.md show each statement's form."
        ),
        .init(
            id: .unknownStatement, meaning: "A line starts with a word that is no statement.",
            example: "stduy \"A\" < X: 12/30 vs 6/30 >", fix: "Correct the keyword; the hint names the nearest one."),
        .init(
            id: .unknownOption,
            meaning: "An analysis statement has an option Forest does not know, or not for that statement.",
            example: studies + "pool X modle fixed",
            fix: "Correct the option's name; the note lists the statement's options."),
        .init(
            id: .invalidOptionValue, meaning: "An option's value is not one it takes, or out of its range.",
            example: studies + "pool X model fixd", fix: "Use one of the values the message lists."),
        .init(
            id: .duplicateOption, meaning: "An option is given twice in one statement.",
            example: studies + "pool X model fixed model random", fix: "Keep one of them."),
        .init(
            id: .missingData, meaning: "A study has attributes but no `< … >` with its data.",
            example: "study \"A\" year 2011", fix: "Add the study's data: `study \"A\" year 2011 < X: 12/30 vs 6/30 >`."
        ),
    ]

    static let data: [DiagnosticExplanation] = [
        .init(
            id: .invalidCount, meaning: "A count of events or patients is negative, not whole, or a size too small.",
            example: "study \"A\" < X: 1.5/20 vs 1/20 >",
            fix: "Counts are whole numbers of patients: check the data extraction."),
        .init(
            id: .eventsExceedTotal, meaning: "An arm (or group) has more events than patients.",
            example: "study \"A\" < X: 35/30 vs 6/30 >",
            fix: "Binary data are events/total, the number of events first; check for swapped numbers."),
        .init(
            id: .invalidSpread, meaning: "An SD, SE, variance or person-time is zero or negative.",
            example: "study \"A\" < X: 5.1 sd 0 n 20 vs 4.8 sd 1.1 n 20 >",
            fix: "A study without uncertainty cannot be weighted: check the value (an SE, not a CI width?)."),
        .init(
            id: .implausibleValue,
            meaning:
                "A number is outside the range Forest computes with exactly (beyond ±1e100, an SE below 1e-100, a correlation of ±1 or more).",
            example: "study \"A\" < X: 0.5 se 1e-300 >",
            fix: "Check the units and the number; such values are not data."),
        .init(
            id: .emptyLabel, meaning: "A study's label (or a title) is empty or blank.",
            example: "study \" \" < X: 12/30 vs 6/30 >",
            fix: "Give the study a label, usually first author and year."),
        .init(
            id: .duplicateStudy, meaning: "Two studies have the same label.",
            example: studies + "study \"A\" < X: 1/2 vs 1/2 >",
            fix: "Labels must be unique: add a letter (\"Smith 2001a\") or merge the two studies' data."),
    ]

    static let files: [DiagnosticExplanation] = [
        .init(
            id: .unreadableFile, meaning: "A `studies from` file cannot be read.",
            example: "studies from \"pr.csv\" outcome PR",
            fix: "Check the path: it is relative to the script's folder."),
        .init(
            id: .missingColumn, meaning: "A CSV file lacks a column its kind of data needs.",
            example: "studies from \"pr.csv\" outcome PR", files: ["pr.csv": "study,ai,n1i,ci\nKe 2011,12,30,6\n"],
            fix: "Add the column, or name it with `columns n2i \"HEADER\"`."),
        .init(
            id: .invalidColumn, meaning: "A CSV header is not a name Forest can use, or the file mixes kinds of data.",
            example: "studies from \"pr.csv\" outcome PR",
            files: ["pr.csv": "study,ai,n1i,ci,n2i,Year of study\nKe 2011,12,30,6,30,2011\n"],
            fix: "Rename the header, or map it: `columns year \"Year of study\"`."),
        .init(
            id: .rowLength, meaning: "A CSV row has more or fewer cells than the header.",
            example: "studies from \"pr.csv\" outcome PR",
            files: ["pr.csv": csv + "Ding 2016,15,42,9,40\n"],
            fix: "Add the missing cell (an empty one if unknown) or remove the extra."),
        .init(
            id: .missingValue, meaning: "A data cell of a CSV row is empty.",
            example: "studies from \"pr.csv\" outcome PR",
            files: ["pr.csv": csv + "Ding 2016,15,42,,40,2016\n"],
            fix: "Fill in the value, or leave the study out of the file."),
        .init(
            id: .attributeConflict,
            meaning: "A CSV row gives a study an attribute value other than the study already has.",
            example: "study \"Ke 2011\" year 2010 < OS: -0.2 se 0.1 >\nstudies from \"pr.csv\" outcome PR",
            files: ["pr.csv": csv], fix: "Make the two agree, or give the rows another study label."),
        .init(
            id: .prismaArithmetic, meaning: "The PRISMA counts do not add up from one step to the next.",
            example: studies + "prisma databases 100 duplicates 10 screened 80 studies 2\nprisma to \"p.svg\"",
            fix:
                "Correct the counts (identified − removed = screened, and so on), or write `unknown` for a count the report lacks."
        ),
        .init(
            id: .robOverall, meaning: "A RoB 2 overall judgement differs from what the tool's algorithm suggests.",
            example: studies
                + "rob \"A\" randomisation low deviations low missing low measurement high selection low overall low\n"
                + "rob \"B\" randomisation low deviations low missing low measurement low selection low overall low\n"
                + "rob summary to \"r.svg\"",
            fix:
                "A warning: keep the judgement if it is deliberate, else follow the algorithm (high if any domain is high, low if all are low)."
        ),
        .init(
            id: .duplicateOutcomeInStudy, meaning: "A study gives the same outcome twice.",
            example: "study \"A\" < X: 1/2 vs 1/2, X: 1/3 vs 1/3 >",
            fix: "Keep one, or qualify each row by subgroup: `X[stage \"I\"]: …, X[stage \"II\"]: …`."),
        .init(
            id: .duplicateAttribute, meaning: "A study gives the same attribute twice.",
            example: "study \"A\" year 2011 year 2012 < X: 1/2 vs 1/2 >",
            fix: "Keep one value."),
        .init(
            id: .outcomeTypeConflict,
            meaning: "An outcome has one kind of data in one study and another kind in another.",
            example: studies + "study \"C\" < X: 0.3 se 0.1 >",
            fix: "One outcome, one kind of data: use another outcome name, or convert the data."),
        .init(
            id: .duplicateDeclaration, meaning: "An outcome is declared twice.",
            example: studies + "outcome X label \"a\"\noutcome X label \"b\"",
            fix: "Merge the two `outcome` statements into one."),
        .init(
            id: .declarationConflict, meaning: "An outcome's declaration sets something its data do not take.",
            example: studies + "outcome X scale log",
            fix: "Remove the setting; `scale` and `effect` are for generic data."),
        .init(
            id: .unusedDeclaration,
            meaning: "An outcome is declared but no study has data for it (often a misspelt name).",
            example: studies + "outcome x label \"Deaths\"\npool X", fix: "Correct the name to the one the studies use."
        ),
    ]

    static let analyses: [DiagnosticExplanation] = [
        .init(
            id: .unknownOutcome, meaning: "An analysis names an outcome no study has.", example: studies + "pool Y",
            fix: "Use an outcome the studies report; the hint names the nearest one."),
        .init(
            id: .unknownAttribute, meaning: "`by`, `only`, `exclude` or a moderator names an attribute no study has.",
            example: studies + "pool X by region", fix: "Give the studies that attribute, or correct its name."),
        .init(
            id: .unknownAttributeValue, meaning: "An attribute value no study of the outcome has.",
            example:
                "study \"A\" rob low < X: 3/20 vs 5/20 >\nstudy \"B\" rob high < X: 4/25 vs 6/25 >\nsensitivity X exclude rob hgh",
            fix: "Correct the value; the note lists those the studies have."),
        .init(
            id: .unknownStudy, meaning: "A study label that no study has.",
            example: studies + "sensitivity X exclude \"A\" \"b\"",
            fix: "Correct the label (labels are matched exactly)."),
        .init(
            id: .missingAttribute, meaning: "Some studies lack the attribute an analysis groups or orders by.",
            example:
                "study \"A\" stage 1 < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 4/25 vs 6/25 >\nstudy \"C\" stage 2 < X: 7/30 vs 6/31 >\npool X by stage",
            fix:
                "A warning: give those studies the attribute, or accept that they are left out (subgroups) or added last (cumulative)."
        ),
        .init(
            id: .tooFewStudies, meaning: "The analysis needs more studies (with an estimate) than the outcome has.",
            example: studies + "bias X egger", fix: "Such a method is not meaningful on so few studies; leave it out."),
        .init(
            id: .fewStudiesForBiasTest, meaning: "A test for funnel-plot asymmetry is run on fewer than 10 studies.",
            example:
                "study \"A\" < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 4/25 vs 6/25 >\nstudy \"C\" < X: 7/30 vs 6/31 >\nbias X begg",
            fix:
                "A warning (Cochrane Handbook §13.3.5.4): the test has little power; report it with that caution or not at all."
        ),
        .init(
            id: .noUsableStudy,
            meaning: "No study of the outcome can be pooled (for example all have no events in either arm).",
            example: "study \"A\" < X: 0/20 vs 0/20 >\npool X",
            fix: "Check the data; a risk difference (`measure RD`) can pool double-zero studies."),
        .init(
            id: .numericalFailure,
            meaning: "The data give no finite pooled result (values so extreme that the computation overflows).",
            example: "study \"A\" < X: 1e100 se 1e-90 >\nstudy \"B\" < X: -1e100 se 1e-90 >\npool X",
            fix: "Check the data's scale and units."),
        .init(
            id: .predictionUnavailable,
            meaning:
                "A prediction interval is asked for where there is none (fewer than 3 studies, or a fixed-effect model).",
            example: studies + "forest X model random prediction", fix: "A warning: the plot is drawn without it."),
        .init(
            id: .incompatibleOption,
            meaning:
                "Options that do not go together, or do not fit the data (a measure of another kind of data, Peto with RR, …).",
            example: studies + "pool X measure MD", fix: "Use an option the message and its notes allow."),
        .init(
            id: .notConverged, meaning: "An iterative τ² estimator (REML, ML, PM, EB, SJ) did not converge.",
            example: nil,
            fix: "Try another estimator (`tau DL` or `tau PM`), or look for an outlying study."),
        .init(
            id: .outputFailed,
            meaning:
                "A file could not be written at the end of a run (a full disk, a folder removed meanwhile); nothing was printed.",
            example: nil, fix: "Free space or fix the folder and run again; nothing was left half-written."),
        .init(
            id: .unwritableOutput,
            meaning: "A file a statement writes cannot be written (no such folder, no permission, a bad extension).",
            example: studies + "forest X to \"/nonexistent-folder/x.svg\"",
            fix: "Write to a folder that exists and you may write to."),
        .init(
            id: .interrupted,
            meaning: "The run was interrupted (Ctrl-C): that statement and those after it did not run.", example: nil,
            fix: "Run it again; in the REPL everything defined before is kept."),
        .init(
            id: .notEstimable,
            meaning: "A test is not defined for these data (a Knapp–Hartung test whose studies agree exactly).",
            example: "study \"A\" < X: 1 se 0.1 >\nstudy \"B\" < X: 1 se 0.1 >\npool X model random hksj",
            fix: "A warning: the estimate is shown without that test."),
        .init(
            id: .localMaximum,
            meaning: "The ML (or REML) τ² may have stopped at a local maximum; τ² = 0 was taken, as metafor does.",
            example: "study \"S0\" < X: -1.5696 se 0.4331 >\nstudy \"S1\" < X: -1.7520 se 0.0508 >\n"
                + "study \"S2\" < X: -0.7311 se 0.4091 >\nstudy \"S3\" < X: -0.5705 se 0.8839 >\n"
                + "pool X model random tau ML convention metafor",
            fix: "A warning: compare with another estimator (`tau REML`, `tau PM`)."),
    ]
}
