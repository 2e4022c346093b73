import ForestEval
import ForestRender
import Foundation

/// A run's report written on a thread of its own: while the run's thread parses and evaluates
/// the next statements, this one turns the analyses it was given into the report's bytes and
/// puts them into the spool, one after another in the order given — the same bytes as writing
/// them on the run's thread (10,000 analyses: writing their JSON was 40 % of the run; on two
/// cores the run took 0.64× the time). At most `limit` analyses wait, and no more than
/// `studyLimit` pooled studies among them, so a run still holds only a few analyses at a time
/// (1,000 pools of 10⁵ studies each must not all wait).
///
/// Once the run has succeeded, `release` has the thread write out what the spool holds and send
/// the rest of the report straight to the output as it writes it, from its next piece on.
///
/// Small analyses are handed over eight at a time (`pending`): every hand-over locks, signals
/// and wakes the report's thread, some 3,000 instructions of the run's thread (a pool of ten
/// studies is some 50,000).
///
/// `@unchecked Sendable`: the writer, the spool, `failure`, `written` and `released` are used
/// only by the writing thread until `finish` has seen it end; `pending` only by the run's
/// thread (`submit`, `finish`); `request` only with `requestLock` held.
public final class ReportThread: @unchecked Sendable {
    private let handOff: HandOff<(analysis: Analysis, line: Int?)>
    private let ended = DispatchSemaphore(value: 0)
    private var writer: any ReportWriter
    private let spool: ReportSpool
    private var failure: ReportSpool.Failure? = nil
    private var written = 0
    private var released = false
    private let requestLock = NSLock()
    private var request: (descriptor: Int32, prologue: [UInt8])? = nil
    /// Submitted and not yet handed over, and the studies they hold.
    private var pending: [(analysis: Analysis, line: Int?)] = []
    private var pendingStudies = 0

    public init(writer: any ReportWriter, spool: ReportSpool, limit: Int = 32, studyLimit: Int = 100_000) {
        self.writer = writer
        self.spool = spool
        handOff = HandOff(limit: studyLimit, countLimit: limit)
        let thread = Thread { [self] in work() }
        // As much stack as the main thread has.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Queues an analysis for the report, handed over with the next few (at once when they
    /// hold 1,000 studies), waiting while `limit` analyses or `studyLimit` pooled studies
    /// already wait (an analysis larger than that waits alone).
    public func submit(_ analysis: Analysis, line: Int?) {
        pending.append((analysis, line))
        pendingStudies += Self.studies(in: analysis)
        // Eight small analyses at a time; a large one (whose writing dwarfs a hand-over) at once.
        if pending.count >= 8 || pendingStudies >= 1_000 { handOver() }
    }

    private func handOver() {
        handOff.give(pending, weight: pendingStudies)
        pending.removeAll(keepingCapacity: true)
        pendingStudies = 0
    }

    /// The studies a pooled analysis holds (what makes an analysis large); 1 for the others.
    private static func studies(in analysis: Analysis) -> Int {
        if case .pool(let pool) = analysis { return pool.studies.count }
        return 1
    }

    /// The run has succeeded: `prologue` and everything written so far go to `descriptor`
    /// (standard output), and the rest of the report after them as it is written. `finish`
    /// returns once all of it is out, or with the failure that stopped it.
    public func release(to descriptor: Int32, after prologue: [UInt8]) {
        requestLock.withLock { request = (descriptor, prologue) }
    }

    /// Waits until everything submitted is written and the thread has ended; then the writer
    /// (for the report's prologue and end), how many analyses it wrote, and the spool's failure
    /// if one stopped it (nothing after that is written). Called once.
    public func finish() -> (writer: any ReportWriter, written: Int, failure: ReportSpool.Failure?) {
        handOver()
        handOff.close()
        ended.wait()
        return (writer, written, failure)
    }

    private func work() {
        while let batch = handOff.take() {
            for (analysis, line) in batch where failure == nil { write(analysis, line: line) }
        }
        releaseIfAsked()
        ended.signal()
    }

    /// The analysis into the spool, its rows held as their weights where the writer can
    /// (`KeptRows`).
    private func write(_ analysis: Analysis, line: Int?) {
        writer.add(
            analysis, line: line,
            to: { bytes in
                guard failure == nil else { return }
                releaseIfAsked()
                do throws(ReportSpool.Failure) { try spool.append(bytes) } catch { failure = error }
            },
            deferring: { rows in
                guard failure == nil else { return }
                releaseIfAsked()
                do throws(ReportSpool.Failure) { try spool.append(rows) } catch { failure = error }
            })
        written += 1
    }

    /// Between two pieces: releases the spool once `release` asked for it.
    private func releaseIfAsked() {
        guard !released, failure == nil, let request = requestLock.withLock({ request }) else { return }
        released = true
        do throws(ReportSpool.Failure) {
            try spool.release(to: request.descriptor, after: request.prologue)
        } catch { failure = error }
    }
}
