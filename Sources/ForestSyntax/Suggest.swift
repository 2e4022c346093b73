/// "Did you mean" suggestions by edit distance, after elm's `Reporting/Suggest`.
public enum Suggest {
    /// Up to `limit` candidates close to `word`: an exact match ignoring case first, then those
    /// within an edit distance of about a third of the word's length, nearest first.
    public static func nearest(_ word: String, among candidates: [String], limit: Int = 3) -> [String] {
        let lowered = word.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lowered }), exact != word {
            return [exact]
        }
        let allowed = max(1, word.count / 3)
        // The word itself is never a suggestion ("`control`: did you mean `control`?").
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            guard candidate != word else { return nil }
            let d = distance(lowered, candidate.lowercased())
            return d <= allowed ? (candidate, d) : nil
        }
        return scored.sorted { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(limit).map(\.0)
    }

    /// A help line such as `did you mean "PR"?`, or nil when nothing is close.
    public static func help(_ word: String, among candidates: [String], quoted: Bool = false) -> String? {
        let found = nearest(word, among: candidates)
        guard !found.isEmpty else { return nil }
        let shown = found.map { quoted ? "\"\($0)\"" : "`\($0)`" }
        if shown.count == 1 { return "did you mean \(shown[0])?" }
        return "did you mean " + shown.dropLast().joined(separator: ", ") + " or \(shown.last!)?"
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// adjacent characters each cost 1.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var d = Array(repeating: Array(repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { d[i][0] = i }
        for j in 0...t.count { d[0][j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[s.count][t.count]
    }
}
