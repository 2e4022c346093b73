import ForestLSP
import ForestSyntax
import Foundation
import Testing

/// `forest lsp`: the protocol, message by message (no editor needed), and a real client —
/// headless Neovim — receiving the diagnostics of a script with a mistake.
@Suite("Language server")
struct LanguageServerTests {
    static let broken =
        "study \"Müller 1979\" < X: 35/30 vs 6/30 >\nstudy \"B\" < X: 4/25 vs 6/25 >\npool X modle fixed\n"

    static func open(
        _ server: inout LanguageServer, _ text: String, uri: String = "file:///tmp/a.forest"
    )
        -> [[String: Any]]
    {
        server.handle([
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": ["textDocument": ["uri": uri, "languageId": "forest", "version": 1, "text": text]],
        ])
    }

    static func diagnostics(_ replies: [[String: Any]]) throws -> [[String: Any]] {
        let publish = try #require(replies.first { $0["method"] as? String == "textDocument/publishDiagnostics" })
        return try #require((publish["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]])
    }

    static func start(_ d: [String: Any]) -> (Int, Int)? {
        guard let start = (d["range"] as? [String: Any])?["start"] as? [String: Int] else { return nil }
        return (start["line"]!, start["character"]!)
    }

    @Test func framingSurvivesAnySplit() throws {
        let message: [String: Any] = ["jsonrpc": "2.0", "id": 7, "method": "shutdown"]
        let bytes = framed(message) + framed(["jsonrpc": "2.0", "method": "exit"])
        for size in [1, 3, 17, bytes.count] {
            var rest = bytes[...]
            var reader = MessageReader {
                guard !rest.isEmpty else { return nil }
                defer { rest = rest.dropFirst(size) }
                return Array(rest.prefix(size))
            }
            #expect(reader.next()?["method"] as? String == "shutdown")
            #expect(reader.next()?["method"] as? String == "exit")
            #expect(reader.next() == nil)
        }
    }

    @Test func initializeSaysWhatItServes() {
        var server = LanguageServer()
        let reply = server.handle(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [:]])
        let result = reply.first?["result"] as? [String: Any]
        let sync = (result?["capabilities"] as? [String: Any])?["textDocumentSync"] as? [String: Any]
        #expect(sync?["change"] as? Int == 1)
        #expect((result?["capabilities"] as? [String: Any])?["documentFormattingProvider"] as? Bool == true)
        #expect(reply.first?["id"] as? Int == 1)
    }

    /// The check's diagnostics at their place: lines from 0, columns in UTF-16 units (the
    /// `ü` before the first one counts one), ids as codes, notes and help in the message.
    @Test func diagnosticsAsCheckGivesThem() throws {
        var server = LanguageServer()
        let found = try Self.diagnostics(Self.open(&server, Self.broken))
        #expect(found.count == 2)
        let events = try #require(found.first { $0["code"] as? String == "events-exceed-total" })
        #expect(Self.start(events)! == (0, 25))
        #expect(events["severity"] as? Int == 1)
        let option = try #require(found.first { $0["code"] as? String == "unknown-option" })
        #expect(Self.start(option)! == (2, 7))
        #expect((option["message"] as? String)?.contains("help: did you mean `model`?") == true)
        // Fixed: the diagnostics go away.
        let fixed = server.handle([
            "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": [
                "textDocument": ["uri": "file:///tmp/a.forest", "version": 2],
                "contentChanges": [
                    ["text": Self.broken.replacing("35/30", with: "5/30").replacing("modle", with: "model")]
                ],
            ],
        ])
        #expect(try Self.diagnostics(fixed).isEmpty)
    }

    /// A secondary label (where a study was first defined) is related information.
    @Test func secondaryLabelsAreRelatedInformation() throws {
        var server = LanguageServer()
        let text = "study \"A\" < X: 3/20 vs 5/20 >\nstudy \"A\" < X: 4/25 vs 6/25 >\n"
        let d = try #require(try Self.diagnostics(Self.open(&server, text)).first)
        #expect(d["code"] as? String == "duplicate-study")
        let related = try #require(d["relatedInformation"] as? [[String: Any]])
        let location = try #require(related.first?["location"] as? [String: Any])
        #expect(location["uri"] as? String == "file:///tmp/a.forest")
        #expect(related.first?["message"] as? String == "first defined here")
    }

    /// Checking on every edit keeps no source alive: a long session does not grow.
    @Test func checkingReleasesItsSources() throws {
        var server = LanguageServer()
        let path = "/tmp/\(UUID().uuidString).forest"
        for _ in 0..<20 { _ = Self.open(&server, Self.broken, uri: "file://\(path)") }
        _ = Self.request(&server, "textDocument/hover", line: 2, character: 6, uri: "file://\(path)")
        #expect(SourceFile.count(named: path) == 0)
    }

    static let navigable = """
        outcome PR label "Partial response"
        study "Ke 2011" year 2011 < PR: 12/30 vs 6/30 >
        study "Li 2014" year 2014 < PR: 10/25 vs 5/25 >
        pool PR
        sensitivity PR exclude "Ke 2011"

        """

    static func request(
        _ server: inout LanguageServer, _ method: String, line: Int, character: Int, extra: [String: Any] = [:],
        uri: String = "file:///tmp/a.forest"
    ) -> Any? {
        var params: [String: Any] = [
            "textDocument": ["uri": uri], "position": ["line": line, "character": character],
        ]
        params.merge(extra) { $1 }
        return server.handle(["jsonrpc": "2.0", "id": 9, "method": method, "params": params]).first?["result"]
    }

    static func line(of location: Any?) -> Int? {
        (((location as? [String: Any])?["range"] as? [String: Any])?["start"] as? [String: Int])?["line"]
    }

    /// Go to definition and find references, for studies and outcomes.
    @Test func definitionsAndReferences() throws {
        var server = LanguageServer()
        _ = Self.open(&server, Self.navigable)
        // `PR` in `pool PR` (line 3) is declared on line 0; `"Ke 2011"` on line 4 is defined on line 1.
        #expect(Self.line(of: Self.request(&server, "textDocument/definition", line: 3, character: 6)) == 0)
        #expect(Self.line(of: Self.request(&server, "textDocument/definition", line: 4, character: 26)) == 1)
        let references = try #require(
            Self.request(&server, "textDocument/references", line: 0, character: 9) as? [[String: Any]])
        #expect(references.compactMap { Self.line(of: $0) } == [0, 1, 2, 3, 4])
        let studyReferences = Self.request(
            &server, "textDocument/references", line: 1, character: 8, extra: ["context": ["includeDeclaration": false]]
        )
        #expect((studyReferences as? [[String: Any]])?.compactMap { Self.line(of: $0) } == [4])
        #expect(Self.request(&server, "textDocument/definition", line: 3, character: 1) is NSNull)
    }

    @Test func symbolsHoverCompletionAndQuickFixes() throws {
        var server = LanguageServer()
        _ = Self.open(&server, Self.navigable)
        let symbols = try #require(
            Self.request(&server, "textDocument/documentSymbol", line: 0, character: 0) as? [[String: Any]])
        #expect(symbols.compactMap { $0["name"] as? String } == ["PR", "Ke 2011", "Li 2014"])
        let hover = Self.request(&server, "textDocument/hover", line: 3, character: 6) as? [String: Any]
        let text = (hover?["contents"] as? [String: Any])?["value"] as? String ?? ""
        #expect(text.contains("Outcome `PR`: 2 studies"))
        #expect(text.contains("Partial response: OR = "))
        // On `exclude`'s statement keyword and on an option: the statement's help.
        let keyword = Self.request(&server, "textDocument/hover", line: 4, character: 3) as? [String: Any]
        #expect(
            ((keyword?["contents"] as? [String: Any])?["value"] as? String)?.contains("sensitivity OUTCOME") == true)
        #expect(Self.request(&server, "textDocument/hover", line: 0, character: 12) is NSNull)
        let study = Self.request(&server, "textDocument/hover", line: 4, character: 26) as? [String: Any]
        #expect(((study?["contents"] as? [String: Any])?["value"] as? String)?.contains("12/30 vs 6/30") == true)
        // On an option: what it does, then the statement's help.
        _ = Self.open(&server, "pool PR model random\n", uri: "file:///tmp/b.forest")
        let optionHover = Self.request(
            &server, "textDocument/hover", line: 0, character: 10, uri: "file:///tmp/b.forest")
        let meaning = ((optionHover as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String ?? ""
        #expect(meaning.hasPrefix("`model`: The model: fixed (common) effect or random effects."))
        #expect(meaning.contains("pool OUTCOME"))
        // Completion on a new last line `pool PR mo` offers the options starting with `mo`.
        _ = server.handle([
            "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": [
                "textDocument": ["uri": "file:///tmp/a.forest", "version": 2],
                "contentChanges": [["text": Self.navigable + "pool PR mo"]],
            ],
        ])
        let items = Self.request(&server, "textDocument/completion", line: 6, character: 10) as? [[String: Any]]
        #expect(items?.compactMap { $0["label"] as? String } == ["model"])
        // The "did you mean" of an unknown option, as a quick fix.
        var broken = LanguageServer()
        let found = try Self.diagnostics(Self.open(&broken, Self.broken))
        let option = try #require(found.first { $0["code"] as? String == "unknown-option" })
        let actions = Self.request(
            &broken, "textDocument/codeAction", line: 2, character: 7, extra: ["context": ["diagnostics": [option]]])
        let action = try #require((actions as? [[String: Any]])?.first)
        #expect(action["title"] as? String == "Replace with `model`")
        let changes = (action["edit"] as? [String: Any])?["changes"] as? [String: [[String: Any]]]
        #expect(changes?["file:///tmp/a.forest"]?.first?["newText"] as? String == "model")
    }

    @Test func lifecycle() {
        var server = LanguageServer()
        let unknown = server.handle(["jsonrpc": "2.0", "id": 3, "method": "textDocument/rename", "params": [:]])
        #expect((unknown.first?["error"] as? [String: Any])?["code"] as? Int == -32601)
        #expect(server.handle(["jsonrpc": "2.0", "method": "$/cancelRequest"]).isEmpty)
        _ = server.handle(["jsonrpc": "2.0", "id": 4, "method": "shutdown"])
        _ = server.handle(["jsonrpc": "2.0", "method": "exit"])
        #expect(server.exitCode == 0)
        var abrupt = LanguageServer()
        _ = abrupt.handle(["jsonrpc": "2.0", "method": "exit"])
        #expect(abrupt.exitCode == 1)
    }

    /// Neovim (Debian's `neovim`), headless, starts `forest lsp` as its client would for a
    /// real user, opens a script with a mistake and receives the diagnostic at the right line.
    /// Skipped, with a note, when Neovim is not installed.
    @Test func neovimReceivesTheDiagnostic() throws {
        let body = """
            vim.wait(20000, function() return #vim.diagnostic.get(0) >= 2 end, 50)
            local lines = {}
            for _, d in ipairs(vim.diagnostic.get(0)) do
              table.insert(lines, string.format("%d:%d:%d:%s", d.lnum + 1, d.col + 1, d.severity, d.code or ""))
            end
            table.sort(lines)
            vim.fn.writefile(lines, OUTPUT)
            """
        guard let output = try Self.neovim(editing: Self.broken, then: body) else { return }
        let lines = output.split(separator: "\n").map(String.init)
        // Neovim's columns are bytes: the server's UTF-16 column 25 after "Müller" (ü is one
        // UTF-16 unit, two bytes) is byte 26, column 27 counted from 1.
        #expect(lines == ["1:27:1:events-exceed-total", "3:8:1:unknown-option"])
    }

    /// `textDocument/formatting`: one edit to `forest fmt`'s text, none when formatted, an
    /// error (RequestFailed) for a document that does not parse.
    @Test func formattingIsFmt() throws {
        var server = LanguageServer()
        let messy = "study \"A\"   < X: 1/10 vs 2/10 >  # a\npool X   model random measure OR\n"
        _ = Self.open(&server, messy)
        let edits = try #require(
            Self.request(&server, "textDocument/formatting", line: 0, character: 0) as? [[String: Any]])
        let expected = try ScriptFormatter.format(SourceFile(name: "a", text: messy)).get()
        #expect(edits.count == 1 && edits[0]["newText"] as? String == expected)
        let end = (edits[0]["range"] as? [String: Any])?["end"] as? [String: Int]
        #expect(end == ["line": 2, "character": 0])
        _ = Self.open(&server, expected)
        #expect((Self.request(&server, "textDocument/formatting", line: 0, character: 0) as? [Any])?.isEmpty == true)
        _ = Self.open(&server, "pool X modle fixed\n")
        let reply = server.handle([
            "jsonrpc": "2.0", "id": 3, "method": "textDocument/formatting",
            "params": ["textDocument": ["uri": "file:///tmp/a.forest"], "options": ["tabSize": 4]],
        ])
        let error = try #require(reply.first?["error"] as? [String: Any])
        #expect(error["code"] as? Int == -32803)
        #expect((error["message"] as? String)?.contains("1:8") == true)
    }

    /// Neovim formats a script through the server (`vim.lsp.buf.format`, or 0.7's
    /// `formatting_sync`): the buffer becomes `forest fmt`'s text. Skipped without Neovim.
    @Test func neovimFormatsTheScript() throws {
        // Parses, with one data error (35 events of 30) for the client to wait for.
        let messy =
            "# Trials\nstudy \"Müller 1979\" < X: 35/30 vs 6/30 >   # ü\nstudy \"B\" < X: 4/25 vs 6/25 >\n\n\npool X   model random;pool X\n"
        let body = """
            vim.wait(20000, function() return #vim.diagnostic.get(0) >= 1 end, 50)
            if vim.lsp.buf.format then vim.lsp.buf.format({ timeout_ms = 10000 })
            else vim.lsp.buf.formatting_sync(nil, 10000) end
            vim.fn.writefile(vim.api.nvim_buf_get_lines(0, 0, -1, false), OUTPUT)
            """
        guard let formatted = try Self.neovim(editing: messy, then: body) else { return }
        let expected = try ScriptFormatter.format(SourceFile(name: "e", text: messy)).get()
        #expect(formatted == expected)
        #expect(formatted.hasSuffix("pool X model random\npool X\n"))
    }

    /// Runs headless Neovim (Debian's `neovim`) with `forest lsp` as its client for a file
    /// holding `text`, then the Lua `body` (which writes its findings to `OUTPUT`); what it
    /// wrote, or nil (with a note) when Neovim is not installed.
    static func neovim(editing text: String, then body: String) throws -> String? {
        guard let nvim = ["/usr/bin/nvim", "/usr/local/bin/nvim"].first(where: FileManager.default.isExecutableFile)
        else {
            print("Neovim test skipped: install Debian's `neovim` to run it")
            return nil
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-nvim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("review.forest"), output = folder.appendingPathComponent("out")
        try text.write(to: script, atomically: true, encoding: .utf8)
        let lua = folder.appendingPathComponent("client.lua")
        try """
        local OUTPUT = "\(output.path)"
        local client = vim.lsp.start_client({ name = "forest", cmd = { "\(ForestBinary.url.path)", "lsp" },
          root_dir = "\(folder.path)" })
        vim.cmd("edit \(script.path)")
        vim.lsp.buf_attach_client(0, client)
        \(body)
        vim.lsp.stop_client(client)
        vim.cmd("qa!")
        """.write(to: lua, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nvim)
        process.arguments = ["--headless", "-u", "NONE", "-i", "NONE", "-c", "luafile \(lua.path)"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return try String(contentsOf: output, encoding: .utf8)
    }
}
