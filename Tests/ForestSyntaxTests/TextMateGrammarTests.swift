import ForestSyntax
import Foundation
import Testing

/// Grammar/forest.tmLanguage.json, the TextMate grammar editors highlight Forest with: its
/// patterns compile, its word lists are the grammar's, and on every example its scopes agree
/// with Forest's own lexer (strings, numbers, comments, statement keywords, data operators).
@Suite("TextMate grammar")
struct TextMateGrammarTests {
    static func grammar() throws -> [String: Any] {
        let data = Data(try GrammarTests.read("Grammar/forest.tmLanguage.json").utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every `match`, `begin` and `end` in the grammar.
    static func regexes(_ value: Any) -> [String] {
        if let object = value as? [String: Any] {
            let own = ["match", "begin", "end"].compactMap { object[$0] as? String }
            return own + object.values.flatMap(regexes)
        }
        if let array = value as? [Any] { return array.flatMap(regexes) }
        return []
    }

    @Test func everyPatternCompiles() throws {
        let patterns = Self.regexes(try Self.grammar())
        #expect(patterns.count > 15)
        for pattern in patterns {
            #expect((try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])) != nil, "\(pattern)")
        }
    }

    /// The words of an alternation `(?:a|b|c)` in a repository entry's `match`.
    static func words(_ entry: String, in grammar: [String: Any]) throws -> Set<String> {
        let repository = try #require(grammar["repository"] as? [String: Any])
        let match = try #require((repository[entry] as? [String: Any])?["match"] as? String)
        let open = try #require(match.range(of: "\\s*(") ?? match.range(of: "(?:", options: .backwards))
        let body = match[open.upperBound...].prefix { $0 != ")" }
        return Set(body.split(separator: "|").map { String($0).replacingOccurrences(of: "\\-", with: "-") })
    }

    /// editors/vscode names the grammar by its scope and the place docs/editors.md copies it to.
    @Test func theVSCodeExtensionPointsAtIt() throws {
        let data = Data(try GrammarTests.read("editors/vscode/package.json").utf8)
        let package = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let contributes = try #require(package["contributes"] as? [String: Any])
        let grammar = try #require((contributes["grammars"] as? [[String: Any]])?.first)
        #expect(grammar["scopeName"] as? String == (try Self.grammar())["scopeName"] as? String)
        #expect(grammar["path"] as? String == "./syntaxes/forest.tmLanguage.json")
        let docs = try GrammarTests.read("docs/editors.md")
        #expect(docs.contains("cp Grammar/forest.tmLanguage.json ~/.vscode/extensions/forest-language/syntaxes/"))
        _ = try JSONSerialization.jsonObject(
            with: Data(try GrammarTests.read("editors/vscode/language-configuration.json").utf8))
    }

    @Test func theWordListsAreTheGrammars() throws {
        let g = try Self.grammar()
        let statements = try Self.words("statement", in: g)
        #expect(statements == Set(StatementKeyword.allCases.map(\.rawValue)))
        let operators = try Self.words("operator", in: g)
        #expect(operators == ["vs", "sd", "se", "n", "per", "var"])
        let highlighted = try statements.union(operators).union(Self.words("constant", in: g))
            .union(Self.words("keyword", in: g))
        #expect(try DocumentationTests.keywords().subtracting(highlighted) == [])
        #expect(Set(MeasureWord.allCases.map(\.rawValue)).isSubset(of: try Self.words("constant", in: g)))
    }

    /// On every example: what Forest's lexer calls a string, a number or a statement's first
    /// word has the scope of one; `#` outside strings starts a comment; inside `< … >` the data
    /// words are operators.
    @Test(
        arguments: try! FileManager.default.contentsOfDirectory(
            atPath: GrammarTests.root.appendingPathComponent("Examples").path
        ).filter { $0.hasSuffix(".forest") })
    func scopesAgreeWithTheLexer(_ name: String) throws {
        let text = try GrammarTests.read("Examples/\(name)")
        let scopes = try TextMateTokenizer(grammar: Self.grammar()).scopes(of: text)
        let utf16 = Array(text.utf16)
        func scope(at offset: Int) -> [String] { scopes[offset] }
        var lexer = Lexer(SourceFile(name: name, text: text))
        var atStatementStart = true, inData = false
        while true {
            let token = lexer.next()
            if case .endOfInput = token.kind { break }
            let start = String(decoding: Array(text.utf8.prefix(token.span.start)), as: UTF8.self).utf16.count
            let here = scope(at: start).joined(separator: " ")
            switch token.kind {
            case .string: #expect(here.contains("string.quoted.double"), "\(name) @\(start): \(here)")
            case .number: #expect(here.contains("constant.numeric"), "\(name) @\(start): \(here)")
            case .word(let w) where atStatementStart:
                #expect(here.contains("keyword.control.statement"), "\(name): `\(w)` \(here)")
            case .word(let w) where inData && ["vs", "sd", "se", "n", "per", "var"].contains(w):
                #expect(here.contains("keyword.operator.data"), "\(name): `\(w)` \(here)")
            case .lessThan: inData = true
            case .greaterThan: inData = false
            default: break
            }
            // Inside `< … >` a line break is white space: the statement goes on.
            atStatementStart = !inData && (token.kind == .newline || token.kind == .semicolon)
        }
        // Comments: a `#` the lexer skipped (not inside a string) is a comment to the line's end.
        for (offset, unit) in utf16.enumerated() where unit == UInt16(UInt8(ascii: "#")) {
            let here = scope(at: offset)
            if here.contains(where: { $0.hasPrefix("string") }) { continue }
            #expect(here.contains("comment.line.number-sign.forest"), "\(name) @\(offset): \(here)")
        }
    }
}

/// Enough of TextMate's tokenising for the tests: `match` with `captures`, `begin`/`end` with
/// nested `patterns` across lines, `include` of repository entries; the earliest match wins,
/// the first listed on a tie, and a rule's `end` before its patterns.
struct TextMateTokenizer {
    struct Rule {
        var name: String?
        var match: NSRegularExpression?
        var captures: [Int: String] = [:]
        var begin: NSRegularExpression?
        var end: String?
        var patterns: [[String: Any]] = []
    }

    let top: [[String: Any]]
    let repository: [String: Any]
    /// `^` at a line's start only, and lookbehind that sees the text before the search.
    static let bounds: NSRegularExpression.MatchingOptions = [.withTransparentBounds, .withoutAnchoringBounds]

    init(grammar: [String: Any]) {
        top = grammar["patterns"] as? [[String: Any]] ?? []
        repository = grammar["repository"] as? [String: Any] ?? [:]
    }

    /// The rules a list of patterns stands for, includes expanded.
    func rules(_ patterns: [[String: Any]]) -> [Rule] {
        patterns.flatMap { p -> [Rule] in
            if let include = p["include"] as? String, let entry = repository[String(include.dropFirst())] {
                return rules([entry as! [String: Any]])
            }
            if p["match"] == nil && p["begin"] == nil, let inner = p["patterns"] as? [[String: Any]] {
                return rules(inner)
            }
            var rule = Rule(name: p["name"] as? String)
            if let m = p["match"] as? String {
                rule.match = try? NSRegularExpression(pattern: m, options: .anchorsMatchLines)
            }
            if let b = p["begin"] as? String {
                rule.begin = try? NSRegularExpression(pattern: b, options: .anchorsMatchLines)
            }
            rule.end = p["end"] as? String
            rule.patterns = p["patterns"] as? [[String: Any]] ?? []
            for (key, value) in (p["captures"] as? [String: Any]) ?? [:] {
                if let index = Int(key), let name = (value as? [String: Any])?["name"] as? String {
                    rule.captures[index] = name
                }
            }
            return [rule]
        }
    }

    /// The scopes of each UTF-16 offset of `text`.
    func scopes(of text: String) -> [[String]] {
        let ns = text as NSString
        var result = Array(repeating: [String](), count: ns.length)
        var stack: [(name: String?, end: NSRegularExpression, rules: [Rule])] = []
        var lineStart = 0
        while lineStart < ns.length {
            let lineRange = ns.lineRange(for: NSRange(location: lineStart, length: 0))
            let lineEnd = lineRange.location + lineRange.length
            let contentEnd = lineEnd - (ns.substring(with: lineRange).hasSuffix("\n") ? 1 : 0)
            var position = lineStart
            while position <= contentEnd {
                let active = stack.last?.rules ?? rules(top)
                let searchRange = NSRange(location: position, length: contentEnd - position)
                let outer = stack.map(\.name).compactMap { $0 }
                var best: (range: NSRange, rule: Rule?, match: NSTextCheckingResult)? = nil
                if let end = stack.last?.end, let m = end.firstMatch(in: text, options: Self.bounds, range: searchRange)
                {
                    best = (m.range, nil, m)
                }
                for rule in active {
                    guard let regex = rule.match ?? rule.begin,
                        let m = regex.firstMatch(in: text, options: Self.bounds, range: searchRange)
                    else { continue }
                    if best == nil || m.range.location < best!.range.location { best = (m.range, rule, m) }
                }
                guard let (range, rule, m) = best else { break }
                let scopeNames = outer + (rule?.name.map { [$0] } ?? [])
                for i in range.location..<(range.location + range.length) where i < result.count {
                    result[i] = rule == nil ? outer : scopeNames
                }
                if let rule {
                    for (index, name) in rule.captures where m.range(at: index).location != NSNotFound {
                        let r = m.range(at: index)
                        for i in r.location..<(r.location + r.length) { result[i] = scopeNames + [name] }
                    }
                    if rule.begin != nil, let end = rule.end,
                        let endRegex = try? NSRegularExpression(pattern: end, options: .anchorsMatchLines)
                    {
                        stack.append((rule.name, endRegex, rules(rule.patterns)))
                    }
                } else {
                    stack.removeLast()
                }
                // Mark the rest of an open block as inside it until the next match.
                position = range.length == 0 ? range.location + 1 : range.location + range.length
            }
            // Text no rule matched, inside a block, carries the block's scope.
            if !stack.isEmpty {
                let names = stack.map(\.name).compactMap { $0 }
                for i in lineStart..<contentEnd where result[i].isEmpty { result[i] = names }
            }
            lineStart = lineEnd
        }
        return result
    }
}
