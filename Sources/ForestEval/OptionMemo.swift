import ForestStats
import ForestSyntax
import Foundation

/// The options a session resolved last, with everything they were resolved from: a script of
/// 10,000 `pool` statements under one `defaults` resolves them once (resolving them anew was
/// 8 % of such a run). An entry is given back only when every input is equal — the options
/// written, the outcome's declared ones, the defaults, the kind of data and the options set
/// aside — so sessions may share the memo (a copy of a session does).
///
/// `@unchecked Sendable`: `last` is read and written only with `lock` held.
final class OptionMemo: @unchecked Sendable {
    struct Inputs: Equatable {
        var written: [AnalysisOption]
        var declared: [AnalysisOption]?
        var defaults: [AnalysisOption]?
        var kind: OutcomeKind
        var ignored: Set<OptionName>
    }

    private let lock = NSLock()
    private var last: (inputs: Inputs, options: ResolvedOptions)?

    /// The options resolved from `inputs`, if they were the last resolved.
    func options(for inputs: Inputs) -> ResolvedOptions? {
        lock.withLock { last.flatMap { $0.inputs == inputs ? $0.options : nil } }
    }

    func remember(_ options: ResolvedOptions, for inputs: Inputs) {
        lock.withLock { last = (inputs, options) }
    }
}
