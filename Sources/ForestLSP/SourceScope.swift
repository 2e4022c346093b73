import ForestEval
import ForestFiles
import ForestSyntax

/// The sources one request makes — the document's text, CSV files it reads, a prefix for
/// completion — let go together when the request is answered (`SourceFile.release`), so that
/// a long editing session does not keep a copy of every version. Used from one thread.
final class SourceScope: @unchecked Sendable {
    private var sources: [SourceFile] = []

    func source(name: String, text: String) -> SourceFile {
        let source = SourceFile(name: name, text: text)
        sources.append(source)
        return source
    }

    /// A session whose CSV files are read beside `script` and let go with the scope.
    func session() -> Session {
        var session = Session()
        session.readTable = { [self] path, script in
            let table = CSVTableFile.read(path, script: script)
            if case .success(let t) = table { self.sources.append(t.header.span.source) }
            return table
        }
        return session
    }

    func release() {
        SourceFile.release(sources)
        sources = []
    }
}
