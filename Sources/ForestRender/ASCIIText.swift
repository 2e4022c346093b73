import ForestSyntax

/// Text for a terminal that shows ASCII only (`--ascii`): the symbols Forest writes itself in
/// their usual ASCII spelling (— as -, → as ->, ² as ^2, τ as tau, § as "section" …), and any
/// other character — one a user wrote in a label — as a visible `\u{…}` escape, never dropped
/// or replaced silently.
public enum ASCIIText {
    static let spellings: [Unicode.Scalar: String] = [
        "—": "-", "–": "-", "−": "-", "→": "->", "←": "<-", "²": "^2", "³": "^3", "τ": "tau", "χ": "chi",
        "θ": "theta", "μ": "mu", "σ": "sigma", "≥": ">=", "≤": "<=", "≠": "!=", "±": "+/-", "×": "x", "·": "*",
        "…": "...", "§": "section ", "⊕": "+", "◯": "o", "“": "\"", "”": "\"", "‘": "'", "’": "'", "•": "*",
        "═": "=", "│": "|", "─": "-", "■": "o", "▪": "o", "█": "#", "◆": "#", "◄": "<", "►": ">", "┴": "+",
        "₀": "0", "₁": "1", "₂": "2", "ᵢ": "i", "√": "sqrt", "Σ": "sum", "∞": "inf", "\u{00A0}": " ",
    ]

    /// The text with every character ASCII.
    public static func fold(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                out.unicodeScalars.append(scalar)
            } else if let spelling = spellings[scalar] {
                out += spelling
            } else {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }
}
