import ForestStats
import ForestSyntax

/// A study's row as an analysis shows it: its label, its data, its attributes.
public struct AnalysisStudy: Sendable, Hashable {
    public var label: String
    public var data: StudyData
    public var attributes: [String: AttributeValue]

    public init(label: String, data: StudyData, attributes: [String: AttributeValue]) {
        self.label = label
        self.data = data
        self.attributes = attributes
    }
}

/// The result of `pool`.
public struct PoolAnalysis: Sendable, Hashable {
    public var outcome: OutcomeDescription
    public var studies: [AnalysisStudy]
    public var result: PoolResult

    /// Shown exponentiated: OR, RR, and generic outcomes declared `scale log`.
    public var logScale: Bool { result.options.measure.isRatio || outcome.logScale }
}

/// Everything a statement produced, in statement order.
public enum Analysis: Sendable, Hashable {
    case pool(PoolAnalysis)
}
