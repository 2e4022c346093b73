import Foundation

/// The base protocol of the Language Server Protocol: each JSON-RPC message is a header
/// (`Content-Length: N`, other headers ignored), an empty line, and N bytes of JSON.
public struct MessageReader {
    private var buffer: [UInt8] = []
    private let read: () -> [UInt8]?

    /// `read` returns the next bytes of the stream, or nil at its end.
    public init(read: @escaping () -> [UInt8]?) {
        self.read = read
    }

    /// The next message's JSON object, or nil at the end of the stream. A message that is not
    /// a JSON object is skipped.
    public mutating func next() -> [String: Any]? {
        while true {
            guard let length = header() else { return nil }
            while buffer.count < length {
                guard let more = read(), !more.isEmpty else { return nil }
                buffer += more
            }
            let body = Array(buffer.prefix(length))
            buffer.removeFirst(length)
            if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] { return object }
        }
    }

    /// Reads up to the empty line that ends a header; its Content-Length.
    private mutating func header() -> Int? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if let end = buffer.firstRange(of: separator) {
                let text = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<end.upperBound)
                for line in text.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    if let n = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) {
                        return n
                    }
                }
                continue
            }
            guard let more = read(), !more.isEmpty else { return nil }
            buffer += more
        }
    }
}

/// A message as the base protocol frames it.
public func framed(_ message: [String: Any]) -> [UInt8] {
    let body = (try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])) ?? Data("{}".utf8)
    return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + Array(body)
}
