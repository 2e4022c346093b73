import Testing

@testable import ForestStats

@Suite("Q-profile memo")
struct ProfileMemoTests {
    let effects = [
        StudyEffect(y: 0.1, v: 0.04), StudyEffect(y: -0.3, v: 0.09), StudyEffect(y: 0.5, v: 0.02),
        StudyEffect(y: 0.2, v: 0.05),
    ]

    /// A profile is given back only for the same studies (bit for bit), level, control and
    /// limit; anything else computes it again (and is then the one remembered).
    @Test func remembersOnlyTheSameInputs() {
        let memo = ProfileMemo()
        var computed = 0
        func ask(_ effects: [StudyEffect], level: Double = 95, limit: Double = 100) -> Bool {
            let before = computed
            _ = memo.intervals(effects, level: level, control: TauSquaredControl(), limit: limit) {
                computed += 1
                return nil
            }
            return computed > before
        }
        #expect(ask(effects))
        #expect(!ask(effects))
        #expect(ask(effects, limit: 200))
        #expect(!ask(effects, limit: 200))
        #expect(ask(effects, level: 90, limit: 200))
        var nudged = effects
        nudged[3].v = nudged[3].v.nextUp
        #expect(ask(nudged, level: 90, limit: 200))
        #expect(ask(Array(effects.prefix(3)), level: 90, limit: 200))
    }

    /// DerSimonian–Laird's and REML's τ² differ but share the profile's limit: the intervals
    /// given for the second are, to the bit, those computed for it on their own (after other
    /// studies' profile has taken the memo's place).
    @Test func twoEstimatesOfTheSameStudiesShareTheProfile() throws {
        let reml = try #require(QProfile.intervals(effects, tau2: 0.03, level: 95))
        _ = QProfile.intervals(Array(effects.dropFirst()), tau2: 0.03, level: 95)
        let dl = try #require(QProfile.intervals(effects, tau2: 0.02, level: 95))
        let remembered = try #require(QProfile.intervals(effects, tau2: 0.03, level: 95))
        for (a, b) in [(remembered, reml), (dl, reml)] {
            #expect(a.tau2.lower.bitPattern == b.tau2.lower.bitPattern)
            #expect(a.tau2.upper.bitPattern == b.tau2.upper.bitPattern)
            #expect(a == b)
        }
    }
}
