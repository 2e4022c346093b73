import Foundation
import Testing

/// Golden files: expected outputs kept beside the tests that produce them. With
/// FOREST_UPDATE_GOLDEN=1 a test rewrites its file from the current output (then review the
/// diff); otherwise a difference fails the test with the differing lines in context. A file
/// that cannot be read or written is a failure too, never skipped.
public struct Golden: Sendable {
    public let directory: URL

    /// The `Golden` folder beside the test file that calls this.
    public init(besides filePath: String = #filePath) {
        directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    /// Files in `directory` (docs/ for documents generated from the code).
    public init(directory: URL) {
        self.directory = directory
    }

    public func check(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["FOREST_UPDATE_GOLDEN"] == "1" {
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("cannot write golden file \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "cannot read golden file \(url.path); FOREST_UPDATE_GOLDEN=1 writes it", sourceLocation: sourceLocation)
            return
        }
        if let diff = Golden.diff(expected: expected, actual: actual) {
            Issue.record(
                "\(name) differs from its golden file (FOREST_UPDATE_GOLDEN=1 rewrites it):\n\(diff)",
                sourceLocation: sourceLocation)
        }
    }

    /// The first difference as a unified-diff hunk (three lines of context, at most 20
    /// changed lines shown), or nil when the texts are equal.
    public static func diff(expected: String, actual: String) -> String? {
        guard expected != actual else { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        // The end of the differing stretch, found from the ends of both texts.
        var endE = e.count, endA = a.count
        while endE > first && endA > first && e[endE - 1] == a[endA - 1] {
            endE -= 1
            endA -= 1
        }
        let start = max(0, first - 3)
        var lines = [
            "@@ -\(start + 1),\(min(e.count, endE + 3) - start) +\(start + 1),\(min(a.count, endA + 3) - start) @@"
        ]
        lines += e[start..<first].map { " " + $0 }
        lines += e[first..<endE].prefix(20).map { "-" + $0 }
        if endE - first > 20 { lines.append("-… \(endE - first - 20) more") }
        lines += a[first..<endA].prefix(20).map { "+" + $0 }
        if endA - first > 20 { lines.append("+… \(endA - first - 20) more") }
        lines += e[endE..<min(e.count, endE + 3)].map { " " + $0 }
        return lines.joined(separator: "\n")
    }
}
