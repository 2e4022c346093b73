import Foundation
import Testing

/// The module graph, enforced: every `import` under Sources/ and Tests/ must be an edge of
/// `allowed` (drawn in the README's "Layout" section) and a dependency Package.swift declares.
@Suite("Module edges")
struct ModuleEdgeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// What each module may import. System modules: CMath (libm) for the statistics core and
    /// the standard library's Synchronization for its memo of quantiles (a lock, no I/O),
    /// CFormat (printf of one double) for the renderers, CRaster (librsvg and cairo, loaded at
    /// run time) for writing figures as PNG and PDF;
    /// Foundation and the C library for the modules that meet the outside world.
    static let allowed: [String: Set<String>] = [
        "ForestStats": ["CMath", "Synchronization"],
        "ForestSyntax": ["Synchronization"],
        "ForestEval": ["ForestStats", "ForestSyntax", "Foundation"],
        "ForestRender": ["CFormat", "ForestEval", "ForestStats", "ForestSyntax", "Foundation"],
        "ForestFiles": [
            "CRaster", "CSV", "ForestEval", "ForestRender", "ForestSyntax", "Foundation", "Glibc", "Darwin",
        ],
        "ForestImport": ["CSV", "ForestSyntax", "Foundation", "FoundationXML"],
        "ForestREPL": [
            "CLibEdit", "ForestEval", "ForestFiles", "ForestRender", "ForestStats", "ForestSyntax", "Foundation",
            "Glibc", "Darwin",
        ],
        "ForestLSP": ["ForestEval", "ForestFiles", "ForestREPL", "ForestRender", "ForestSyntax", "Foundation"],
        "forest": [
            "ArgumentParser", "ForestEval", "ForestFiles", "ForestImport", "ForestLSP", "ForestREPL", "ForestRender",
            "ForestSyntax",
            "Foundation",
            "Glibc", "Darwin",
        ],
        "ForestStatsTests": ["ForestStats", "ForestTestSupport", "Foundation", "Testing"],
        "ForestSyntaxTests": ["ForestSyntax", "ForestRender", "Foundation", "Testing"],
        "ForestEvalTests": [
            "ForestEval", "ForestFiles", "ForestRender", "ForestStats", "ForestSyntax", "ForestTestSupport",
            "Foundation", "FoundationXML", "PropertyBased", "Testing",
        ],
        "ForestTestSupport": ["Foundation", "Testing"],
        "ForestRenderTests": [
            "ForestRender", "ForestEval", "ForestStats", "ForestSyntax", "ForestTestSupport", "Foundation",
            "FoundationXML", "Testing",
        ],
        "ForestREPLTests": [
            "ForestREPL", "ForestEval", "ForestSyntax", "ForestTestSupport", "Foundation", "Glibc", "Darwin", "Testing",
        ],
        "ScriptTests": [
            "ForestRender", "ForestEval", "ForestFiles", "ForestImport", "ForestLSP", "ForestStats", "ForestSyntax",
            "ForestTestSupport", "Foundation", "FoundationXML", "Testing",
            // The command line's own types (QuickRunTests compares its two readings).
            "forest", "ArgumentParser",
        ],
    ]
    /// Modules that come with the platform and need no declaration.
    static let system: Set<String> = ["Foundation", "FoundationXML", "Glibc", "Darwin", "Testing", "Synchronization"]

    /// Every module imported by the Swift files of a folder (`import X`, `@testable import X`,
    /// conditional imports included).
    static func imports(in folder: URL) throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                    words[..<index].allSatisfy({ ["@testable", "public", "internal"].contains($0) })
                else { continue }
                result[file.path, default: []].insert(String(words[index + 1]))
            }
        }
        return result
    }

    /// The dependencies of each target in Package.swift, products by their name.
    static func declared() throws -> [String: Set<String>] {
        let text = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        var result: [String: Set<String>] = [:]
        for block in text.components(separatedBy: "Target(").dropFirst()
            + text.components(separatedBy: ".target(")
            .dropFirst()
        {
            let body = block.components(separatedBy: "\n        .")[0]
            let quoted = body.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }.map { String($0.element) }
            guard let name = quoted.first else { continue }
            result[name] = Set(quoted.dropFirst().filter { !$0.hasPrefix("swift-") && $0 != "Golden" })
        }
        return result
    }

    @Test func everyImportIsAnAllowedAndDeclaredEdge() throws {
        let declared = try Self.declared()
        var modules = 0
        for top in ["Sources", "Tests"] {
            let folders = try FileManager.default.contentsOfDirectory(
                atPath: Self.root.appendingPathComponent(top).path)
            for folderName in folders
            where !["Fixtures", "CMath", "CFormat", "CLibEdit", "CRaster"].contains(folderName) {
                let module = folderName == "Support" ? "ForestTestSupport" : folderName
                let folder = Self.root.appendingPathComponent(top).appendingPathComponent(folderName)
                guard let allowed = Self.allowed[module] else {
                    Issue.record("\(top)/\(module) is not in the allowed-edges table")
                    continue
                }
                modules += 1
                for (file, imported) in try Self.imports(in: folder) {
                    for name in imported where name != module {
                        #expect(allowed.contains(name), "\(file) imports \(name): not an allowed edge of \(module)")
                        #expect(
                            Self.system.contains(name) || declared[module]?.contains(name) == true,
                            "\(file) imports \(name), which Package.swift does not declare for \(module)")
                    }
                }
            }
        }
        #expect(modules == Self.allowed.count)
    }

    @Test func theStatisticsCoreUsesNoFoundation() throws {
        let imports = try Self.imports(in: Self.root.appendingPathComponent("Sources/ForestStats"))
        #expect(!imports.isEmpty)
        #expect(imports.values.allSatisfy { $0.isSubset(of: ["CMath", "Synchronization"]) })
    }
}
