import CRaster

/// A figure as PNG or PDF: its SVG drawn by librsvg and cairo (`CRaster`), for people who paste
/// figures into Word or send them to a journal.
public enum RasterFigure {
    public enum Format: Sendable {
        /// 300 dots per inch: the SVG's pixels (96 to the inch) times 300/96.
        case png
        /// A vector page of the SVG's size.
        case pdf
    }

    /// Why PNG and PDF cannot be written here (librsvg or cairo missing), or nil: tried once,
    /// on a tiny drawing, the first time a script names such a file.
    public static let unavailable: String? = {
        do throws(AtomicFile.Failure) {
            _ = try render("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>", as: .png)
            return nil
        } catch {
            return error.reason
        }
    }()

    /// Print resolution for PNG.
    public static let dotsPerInch = 300.0

    /// The file's bytes, or why they cannot be made (a missing library names its package).
    public static func render(_ svg: String, as format: Format) throws(AtomicFile.Failure) -> [UInt8] {
        var result = forest_raster()
        var text = svg
        let status = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                forest_svg_render(chars.baseAddress, chars.count, format == .pdf ? 1 : 0, dotsPerInch / 96, &result)
            }
        }
        defer { forest_raster_free(&result) }
        guard status == 0, let data = result.data else {
            let reason = withUnsafeBytes(of: result.error) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw AtomicFile.Failure(reason: reason, help: nil)
        }
        return Array(UnsafeBufferPointer(start: data, count: result.length))
    }
}
