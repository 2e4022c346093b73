import ForestEval
import Foundation
import Testing

/// `HandOff` passes items on in order, makes the giver wait while the limit is reached (weight
/// or count), lets a batch heavier than the limit through alone, and ends with nil once closed.
@Suite("Hand-off between threads")
struct HandOffTests {
    /// Whether a give made on another thread has returned, read under a lock.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    func giveOnAnotherThread(_ handOff: HandOff<Int>, _ batch: [Int], weight: Int) -> Flag {
        let given = Flag()
        Thread {
            handOff.give(batch, weight: weight)
            given.set()
        }.start()
        return given
    }

    @Test func theGiverWaitsForRoomByWeight() {
        let handOff = HandOff<Int>(limit: 3)
        handOff.give([1, 2], weight: 5)  // heavier than the limit: passes alone
        let given = giveOnAnotherThread(handOff, [3], weight: 1)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(!given.isSet)
        // Took all three at once if the giver had not waited; then nothing is left to take.
        let first = handOff.take()
        #expect(first == [1, 2])
        if first == [1, 2] { #expect(handOff.take() == [3]) }
        #expect(given.isSet)
        handOff.close()
        #expect(handOff.take() == nil)
    }

    @Test func theGiverWaitsForRoomByCount() {
        let handOff = HandOff<Int>(limit: 100, countLimit: 2)
        handOff.give([1], weight: 1)
        handOff.give([2], weight: 1)
        let given = giveOnAnotherThread(handOff, [3], weight: 1)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(!given.isSet)
        let first = handOff.take()
        #expect(first == [1, 2])
        if first == [1, 2] { #expect(handOff.take() == [3]) }
        handOff.close()
        #expect(handOff.take() == nil)
        handOff.give([], weight: 0)
    }

    /// `takeWaiting` takes what waits without waiting itself, and makes room for a giver.
    @Test func takingWhatWaitsDoesNotWait() {
        let handOff = HandOff<Int>(limit: 1)
        #expect(handOff.takeWaiting() == [])
        handOff.give([1], weight: 1)
        let given = giveOnAnotherThread(handOff, [2], weight: 1)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(!given.isSet)
        #expect(handOff.takeWaiting() == [1])
        #expect(handOff.take() == [2])
        #expect(handOff.takeWaiting() == [])
        handOff.close()
        #expect(handOff.take() == nil)
    }
}
