import ForestSyntax
import Foundation

/// A source parsed on a thread of its own while the session evaluates what has already been
/// parsed: on two cores, reading a script of many studies and defining them overlap (a
/// million studies: parsing was a quarter of checking them). Statements are handed over in
/// order, in batches of about `batch` outcome entries (a statement without entries counts one)
/// so that the evaluating thread is not woken for every one of a million one-line studies,
/// and no more than `limit` entries wait, so that a script is never held whole (a million
/// one-line studies peaked 40 MB higher with 50,000 than with 10,000, and ran no faster). The
/// same statements and diagnostics as `Parser.parse(_:each:)` (`ParseAheadTests`). The
/// batches come back once evaluated and are freed on the parsing thread, which has time to
/// spare, rather than on the evaluating one (freeing them was 6 % of its work).
///
/// `@unchecked Sendable`: `diagnostics` is written by the parsing thread before it closes the
/// hand-off and read by the evaluating thread only after `take` has returned nil.
final class ParseAhead: StatementSource, @unchecked Sendable {
    /// Batches of statements, each handed over as the array it was parsed into (not copied
    /// into one list of statements, which cost the parsing thread a tenth of its work).
    private let handOff: HandOff<[Statement]>
    /// Batches evaluated, to be freed.
    private let spent = HandOff<[Statement]>(limit: .max)
    private var diagnostics: [Diagnostic] = []
    private let batch: Int

    init(_ source: SourceFile, batch: Int = 512, limit: Int = 10_000) {
        self.batch = batch
        handOff = HandOff(limit: limit)
        let thread = Thread { [self] in parse(source) }
        // As much stack as the main thread has (the parser recurses into nested expressions).
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Hands every statement to `body` in order as it arrives; then the parse's diagnostics.
    func statements(_ body: (Statement) -> Void) -> [Diagnostic] {
        while let batches = handOff.take() {
            for statements in batches {
                for statement in statements { body(statement) }
            }
            spent.give(batches, weight: 0)
        }
        spent.close()
        return diagnostics
    }

    /// The parsing thread's work: the statements in batches, then the diagnostics.
    private func parse(_ source: SourceFile) {
        var pending: [Statement] = []
        var weight = 0
        diagnostics = Parser.parse(source) { statement in
            pending.append(statement)
            weight += Self.weight(of: statement)
            guard weight >= batch else { return }
            // The array itself is handed over; the next is made as large.
            var full: [Statement] = []
            full.reserveCapacity(pending.count)
            swap(&full, &pending)
            handOff.give([full], weight: weight)
            weight = 0
            _ = spent.takeWaiting()
        }
        if !pending.isEmpty { handOff.give([pending], weight: weight) }
        handOff.close()
        // Frees the rest as the evaluating thread is done with it.
        while spent.take() != nil {}
    }

    private static func weight(of statement: Statement) -> Int {
        if case .study(let study) = statement { return max(study.entries.count, 1) }
        return 1
    }
}

extension Session {
    /// Whether parsing `source` ahead on a second thread can pay: a source of 256 KB or more
    /// (tens of thousands of entries) on a machine with more than one core; a thread for a
    /// few statements costs more than it saves.
    public static func worthParsingAhead(_ source: SourceFile) -> Bool {
        source.bytes.count >= 256 << 10 && ProcessInfo.processInfo.activeProcessorCount > 1
    }
}
