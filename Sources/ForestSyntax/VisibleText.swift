/// Text that is safe to print on a terminal.
///
/// A study label or a source line may hold control characters (an ESC starting a sequence that
/// clears the screen, sets the window title or recolours what follows). Printed as they are,
/// they would drive the user's terminal; here every control character (C0, DEL and C1) is shown
/// as a visible escape instead, `\x1B`, and nothing else changes.
public enum VisibleText {
    /// `text` with each control character written as `\xNN` (`\u{NNNN}` above 0xFF).
    /// Newlines are kept when `keepingNewlines` (whole reports); tabs never are, since they
    /// would break the alignment of a table.
    public static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }),
            text.unicodeScalars.contains(where: { isControl($0, keepingNewlines: keepingNewlines) })
        else {
            return text
        }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar, keepingNewlines: keepingNewlines) {
                out.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func isControl(_ scalar: Unicode.Scalar, keepingNewlines: Bool) -> Bool {
        let v = scalar.value
        if keepingNewlines && v == 0x0A { return false }
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v)
    }

    static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "\\x" + (hex.count < 2 ? "0" + hex : hex)
    }

    /// How many terminal columns `text` takes: East Asian wide and fullwidth characters take
    /// two, combining marks and zero-width characters none, everything else one (after UAX #11;
    /// a table of the wide blocks, enough for aligning study labels).
    public static func displayWidth(_ text: String) -> Int {
        // Printable ASCII, nearly every label and number, takes a column a byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var width = 0
        for scalar in text.unicodeScalars { width += displayWidth(scalar) }
        return width
    }

    public static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
