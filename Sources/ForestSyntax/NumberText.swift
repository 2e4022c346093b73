/// Small number formatting the front end needs for messages (no Foundation below the shell).
public enum NumberText {
    /// A number without float noise or a needless ".0": 95.0 → "95", 99.899999999 → "99.9".
    public static func plain(_ x: Double) -> String {
        let rounded = (x * 1e10).rounded() / 1e10
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }
}

/// The grammar's NUMBER as a test on text (a CSV cell), for readers that take numbers from
/// elsewhere than a script: the same numbers a script may write, and no others ("NA", "1,5",
/// "inf" and "0x10" are not numbers).
public enum NumberSyntax {
    /// NUMBER = [ "-" | "+" ] ( DIGITS [ "." [ DIGITS ] ] | "." DIGITS )
    ///          [ ( "e" | "E" ) [ "-" | "+" ] DIGITS ] ;
    public static func isNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i - start
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        let whole = digits()
        var fraction = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            fraction = digits()
        }
        guard whole > 0 || fraction > 0 else { return false }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == bytes.count
    }
}
