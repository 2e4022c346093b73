/// Small number formatting the front end needs for messages (no Foundation below the shell).
enum NumberText {
    /// A proportion as a whole percentage: 0.95 → "95".
    static func percent(_ proportion: Double) -> String {
        String(Int((proportion * 100).rounded()))
    }
}
