import ForestEval
import ForestFiles
import ForestRender
import ForestSyntax
import Foundation
import Testing

/// PNG and PDF figures through librsvg and cairo: the seed's PR forest plot in both, checked as
/// files (PNG signature and size; PDF read back by poppler's pdfinfo when it is installed).
/// Runs when librsvg can be loaded (Debian's librsvg2-2, which tools/setup installs).
@Suite("PNG and PDF figures")
struct RasterTests {
    static let available =
        (try? RasterFigure.render(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>", as: .png)) != nil

    /// The seed example's PR forest plot, as `forest PR rob to …` draws it.
    static func seedForestPlot() throws -> String {
        let path = ExampleTests.root.appendingPathComponent("Examples/hcc-seed.forest").path
        var session = Session()
        let evaluation = session.evaluate(
            SourceFile(name: path, text: try String(contentsOfFile: path, encoding: .utf8)))
        for case .figure(let figure) in evaluation.analyses where figure.file == "hcc-pr-forest.svg" {
            return FigureSVG.render(figure)
        }
        throw CocoaError(.fileNoSuchFile)
    }

    /// The SVG's width and height in pixels.
    static func size(_ svg: String) throws -> (Double, Double) {
        let match = try #require(svg.firstMatch(of: /<svg [^>]*width="([0-9.]+)" height="([0-9.]+)"/))
        return (Double(match.1)!, Double(match.2)!)
    }

    @Test(.enabled(if: available, "librsvg is not installed (tools/setup installs librsvg2-2)"))
    func theSeedForestPlotAsPNGAtPrintResolution() throws {
        let svg = try Self.seedForestPlot()
        let png = try RasterFigure.render(svg, as: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: width and height, big-endian, at bytes 16…23.
        let number = { (at: Int) in png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        let (width, height) = try Self.size(svg)
        #expect(number(16) == Int((width * 300 / 96).rounded(.up)))
        #expect(number(20) == Int((height * 300 / 96).rounded(.up)))
    }

    @Test(.enabled(if: available, "librsvg is not installed (tools/setup installs librsvg2-2)"))
    func theSeedForestPlotAsPDF() throws {
        let svg = try Self.seedForestPlot()
        let pdf = try RasterFigure.render(svg, as: .pdf)
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
        #expect(String(decoding: pdf.suffix(6), as: UTF8.self).contains("%%EOF"))
        guard BrowserTests.onPath("pdfinfo") else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pr.pdf")
        try Data(pdf).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdfinfo", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let info = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(info.contains("Pages:           1"))
        // A page of the SVG's size: 0.75 pt to the pixel.
        let (width, height) = try Self.size(svg)
        let page = try #require(info.firstMatch(of: /Page size:\s+([0-9.]+) x ([0-9.]+) pts/))
        #expect(abs(Double(page.1)! - width * 0.75) < 0.01 && abs(Double(page.2)! - height * 0.75) < 0.01)
    }

    @Test(.enabled(if: available, "librsvg is not installed (tools/setup installs librsvg2-2)"))
    func aBrokenDrawingIsAClearErrorAndNoFile() throws {
        #expect(throws: AtomicFile.Failure.self) { try RasterFigure.render("<svg", as: .png) }
        do {
            _ = try RasterFigure.render("not svg at all", as: .pdf)
        } catch {
            #expect(error.reason.hasPrefix("librsvg could not read the SVG"))
        }
    }

    /// `forest … to "FILE.png"` from the command line, with the format chosen by the extension.
    @Test(.enabled(if: available, "librsvg is not installed (tools/setup installs librsvg2-2)"))
    func theCommandLineWritesPNGAndPDF() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = try ForestBinary.temporaryScript(
            "study \"A\" < X: 3/20 vs 5/20 >\nstudy \"B\" < X: 4/20 vs 9/20 >\n"
                + "forest X to \"\(folder.path)/x.png\"\nfunnel X to \"\(folder.path)/x.pdf\"\n")
        let run = try ForestBinary.run(["run", script])
        #expect(run.status == 0, "\(run.stderr)")
        let png = try Data(contentsOf: folder.appendingPathComponent("x.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let pdf = try Data(contentsOf: folder.appendingPathComponent("x.pdf"))
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
    }
}
