/// Small number formatting the front end needs for messages (no Foundation below the shell).
enum NumberText {
    /// A number without float noise or a needless ".0": 95.0 → "95", 99.899999999 → "99.9".
    static func plain(_ x: Double) -> String {
        let rounded = (x * 1e10).rounded() / 1e10
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }
}
