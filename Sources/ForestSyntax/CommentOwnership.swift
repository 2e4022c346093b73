/// Which statement each comment belongs to, by where it is: inside a statement's span (a
/// study's data written over several lines), at the end of the line a statement ends on, or
/// on lines of its own above a statement — or after the last statement of its source.
struct CommentOwnership {
    /// By statement index.
    var leading: [[Span]]
    var inner: [[Span]]
    var trailing: [Span?]
    /// After the last statement of their source (or in a source with no statement).
    var end: [Span] = []

    init(_ statements: [Statement], _ comments: [Span]) {
        leading = Array(repeating: [], count: statements.count)
        inner = Array(repeating: [], count: statements.count)
        trailing = Array(repeating: nil, count: statements.count)
        // Each source's statements in order: a REPL session's come from many entries.
        var bySource: [ObjectIdentifier: [Int]] = [:]
        for (index, statement) in statements.enumerated() {
            bySource[ObjectIdentifier(statement.span.source), default: []].append(index)
        }
        for comment in comments.sorted(by: { $0.start < $1.start }) {
            place(comment, among: bySource[ObjectIdentifier(comment.source)] ?? [], statements)
        }
    }

    private mutating func place(_ comment: Span, among indices: [Int], _ statements: [Statement]) {
        // The last statement that starts before the comment.
        var low = 0, high = indices.count
        while low < high {
            let mid = (low + high) / 2
            if statements[indices[mid]].span.start <= comment.start { low = mid + 1 } else { high = mid }
        }
        let source = comment.source
        if low > 0 {
            let before = indices[low - 1], span = statements[before].span
            if comment.start < span.end {
                inner[before].append(comment)
                return
            }
            if source.lineIndex(of: comment.start) == source.lineIndex(of: max(span.start, span.end - 1)) {
                trailing[before] = comment
                return
            }
        }
        if low < indices.count { leading[indices[low]].append(comment) } else { end.append(comment) }
    }
}
