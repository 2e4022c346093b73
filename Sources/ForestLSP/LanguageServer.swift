import ForestEval
import ForestFiles
import ForestRender
import ForestSyntax
import Foundation

/// `forest lsp`: a Language Server Protocol server. It keeps the open documents' text and,
/// whenever one is opened or changed, checks it as `forest check` does (CSV files read beside
/// the document) and publishes its diagnostics — the same as `check`'s, with their ids as
/// codes and secondary labels as related information.
///
/// It also answers go to definition, find references, document symbols (studies and
/// outcomes), hover (a study's data; an outcome's declaration, studies and pooled result),
/// completion (what the REPL offers) and code actions (each "did you mean" as a quick fix).
/// Not yet: formatting, which needs the syntax tree to keep comments and layout (issue 18).
public struct LanguageServer {
    /// The text of each open document, by URI.
    public private(set) var documents: [String: String] = [:]
    private var shutdownRequested = false
    /// Set by `exit`: the process's exit status (0 after `shutdown`, 1 otherwise).
    public private(set) var exitCode: Int32?

    public init() {}

    /// The answer to one message (a response to a request, notifications such as published
    /// diagnostics), in order.
    public mutating func handle(_ message: [String: Any]) -> [[String: Any]] {
        let method = message["method"] as? String ?? ""
        let id = message["id"]
        let params = message["params"] as? [String: Any] ?? [:]
        switch method {
        case "initialize":
            return [response(id, result: Self.capabilities)]
        case "shutdown":
            shutdownRequested = true
            return [response(id, result: NSNull())]
        case "exit":
            exitCode = shutdownRequested ? 0 : 1
            return []
        case "textDocument/didOpen":
            guard let document = params["textDocument"] as? [String: Any], let uri = document["uri"] as? String,
                let text = document["text"] as? String
            else { return [] }
            documents[uri] = text
            return [diagnostics(uri)]
        case "textDocument/didChange":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String,
                let text = (params["contentChanges"] as? [[String: Any]])?.last?["text"] as? String
            else { return [] }
            documents[uri] = text
            return [diagnostics(uri)]
        case "textDocument/definition", "textDocument/references", "textDocument/documentSymbol",
            "textDocument/hover", "textDocument/completion", "textDocument/codeAction":
            return [response(id, result: answer(method, params))]
        case "textDocument/formatting":
            return [formatting(id, params)]
        case "textDocument/didClose":
            guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String else { return [] }
            documents[uri] = nil
            return [Self.notification("textDocument/publishDiagnostics", ["uri": uri, "diagnostics": []])]
        default:
            // A request the server does not serve gets MethodNotFound; notifications nothing.
            guard let id else { return [] }
            return [["jsonrpc": "2.0", "id": id, "error": ["code": -32601, "message": "\(method) is not supported"]]]
        }
    }

    /// Full-text synchronisation and the requests the server answers.
    static var capabilities: [String: Any] {
        [
            "capabilities": [
                "textDocumentSync": ["openClose": true, "change": 1], "definitionProvider": true,
                "referencesProvider": true, "documentSymbolProvider": true, "hoverProvider": true,
                "completionProvider": ["triggerCharacters": [" "]], "codeActionProvider": true,
                "documentFormattingProvider": true,
            ],
            "serverInfo": ["name": "forest", "version": ForestVersion.current],
        ]
    }

    private func response(_ id: Any?, result: Any) -> [String: Any] {
        ["jsonrpc": "2.0", "id": id ?? NSNull(), "result": result]
    }

    static func notification(_ method: String, _ params: [String: Any]) -> [String: Any] {
        ["jsonrpc": "2.0", "method": method, "params": params]
    }

    /// A request about an open document's content (null for a document not open).
    private func answer(_ method: String, _ params: [String: Any]) -> Any {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, let text = documents[uri] else {
            return NSNull()
        }
        let scope = SourceScope()
        defer { scope.release() }
        let navigation = Navigation(uri: uri, text: text, scope: scope)
        switch method {
        case "textDocument/definition": return navigation.definition(params)
        case "textDocument/references": return navigation.references(params)
        case "textDocument/documentSymbol": return navigation.symbols()
        case "textDocument/hover": return navigation.hover(params)
        case "textDocument/completion": return navigation.completion(params)
        default: return navigation.codeActions(params)
        }
    }

    /// The edits that format a document, or a RequestFailed error when it does not parse.
    private func formatting(_ id: Any?, _ params: [String: Any]) -> [String: Any] {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String, let text = documents[uri] else {
            return response(id, result: NSNull())
        }
        let scope = SourceScope()
        defer { scope.release() }
        switch Formatting.edits(text, scope: scope) {
        case .success(let edits): return response(id, result: edits)
        case .failure(let refused):
            return ["jsonrpc": "2.0", "id": id ?? NSNull(), "error": ["code": -32803, "message": refused.message]]
        }
    }

    /// `textDocument/publishDiagnostics` for a document, checked now.
    private func diagnostics(_ uri: String) -> [String: Any] {
        let text = documents[uri] ?? ""
        let path = URL(string: uri)?.isFileURL == true ? URL(string: uri)!.path : uri
        let scope = SourceScope()
        defer { scope.release() }
        let source = scope.source(name: path, text: text)
        var session = scope.session()
        let found = session.evaluate(source).diagnostics
        let converted = found.map { DiagnosticConversion.lsp($0, document: source, uri: uri) }
        return Self.notification("textDocument/publishDiagnostics", ["uri": uri, "diagnostics": converted])
    }
}
