/// The difference between two texts as a unified diff (`diff -u`), for `forest fmt --check`.
enum UnifiedDiff {
    private enum Line {
        case same(Substring)
        case removed(Substring)
        case added(Substring)

        var isChange: Bool {
            if case .same = self { return false }
            return true
        }
    }

    /// The hunks, each change with `context` unchanged lines around it; "" when equal.
    static func text(from old: String, to new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false)
        let lines = script(a, b)
        let changes = lines.indices.filter { lines[$0].isChange }
        guard !changes.isEmpty else { return "" }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var start = 0
        while start < changes.count {
            // Changes closer than twice the context share a hunk.
            var end = start
            while end + 1 < changes.count && changes[end + 1] - changes[end] <= 2 * context { end += 1 }
            let low = max(0, changes[start] - context), high = min(lines.count, changes[end] + context + 1)
            out += hunk(lines, low..<high)
            start = end + 1
        }
        return out
    }

    /// The edit script: every line of both texts in order, by the standard library's diff.
    private static func script(_ a: [Substring], _ b: [Substring]) -> [Line] {
        let difference = b.difference(from: a)
        var removed = Set<Int>(), added = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): added.insert(offset)
            }
        }
        var lines: [Line] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count && removed.contains(i) {
                lines.append(.removed(a[i]))
                i += 1
            } else if j < b.count && added.contains(j) {
                lines.append(.added(b[j]))
                j += 1
            } else {
                lines.append(.same(a[i]))
                (i, j) = (i + 1, j + 1)
            }
        }
        return lines
    }

    private static func hunk(_ lines: [Line], _ range: Range<Int>) -> String {
        // Line numbers (1-based) of the hunk's first line in each text.
        var (oldLine, newLine) = (1, 1)
        for line in lines[..<range.lowerBound] {
            switch line {
            case .same: (oldLine, newLine) = (oldLine + 1, newLine + 1)
            case .removed: oldLine += 1
            case .added: newLine += 1
            }
        }
        var (oldCount, newCount) = (0, 0)
        var body = ""
        for line in lines[range] {
            switch line {
            case .same(let text): (oldCount, newCount, body) = (oldCount + 1, newCount + 1, body + " \(text)\n")
            case .removed(let text): (oldCount, body) = (oldCount + 1, body + "-\(text)\n")
            case .added(let text): (newCount, body) = (newCount + 1, body + "+\(text)\n")
            }
        }
        return "@@ -\(oldLine),\(oldCount) +\(newLine),\(newCount) @@\n" + body
    }
}
