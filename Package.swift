// swift-tools-version: 6.0
import PackageDescription

// One-way layers:
//   ForestSyntax ← ForestEval → ForestStats;  ForestRender → ForestStats + ForestEval results;
//   ForestREPL → ForestEval, ForestRender, CLibEdit;  the `forest` executable on top.
let package = Package(
    name: "Forest",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "forest", targets: ["forest"]),
        .library(name: "ForestStats", targets: ["ForestStats"]),
        // The front end, evaluator and renderers, for the fuzzing package in Fuzz/.
        .library(name: "ForestCore", targets: ["ForestSyntax", "ForestEval", "ForestRender"]),
    ],
    dependencies: [
        // The command line (subcommands, --help, usage errors) is what ArgumentParser does well.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Property-based tests (generators, shrinking) on Swift Testing, for the invariants of
        // the statistics (order, arms, scale) and of :save.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        // CSV files of studies (`studies from`): RFC 4180 quoting, line breaks in quoted cells and
        // CRLF are the package's, not hand-rolled.
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
    ],
    targets: [
        // libm, and nothing else from the system, for the statistics core.
        .target(name: "CMath"),
        .target(name: "ForestStats", dependencies: ["CMath"]),
        .target(name: "ForestSyntax"),
        .target(name: "ForestEval", dependencies: ["ForestSyntax", "ForestStats"]),
        // printf's conversion of one double, for the renderers' number text.
        .target(name: "CFormat"),
        .target(name: "ForestRender", dependencies: ["CFormat", "ForestEval", "ForestStats", "ForestSyntax"]),
        // PNG and PDF from the SVG figures: librsvg and cairo (Debian's librsvg2-2), opened at run
        // time so that building and SVG need neither (a missing library is a clear error).
        .target(name: "CRaster", linkerSettings: [.linkedLibrary("dl")]),
        // Reading scripts and CSV tables, writing outputs: atomic files, output checks, errno.
        .target(
            name: "ForestFiles",
            dependencies: [
                "CRaster", "ForestEval", "ForestRender", "ForestSyntax", .product(name: "CSV", package: "CSV.swift"),
            ]),
        // Other programs' files as Forest scripts: RevMan 5 reviews (XML, FoundationXML) and
        // RevMan Web data packages (CSV files).
        .target(
            name: "ForestImport", dependencies: ["ForestSyntax", .product(name: "CSV", package: "CSV.swift")]),
        // libedit (BSD editline) for the REPL's line editing, history and completion.
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        .target(
            name: "ForestREPL",
            dependencies: ["CLibEdit", "ForestEval", "ForestFiles", "ForestRender", "ForestStats", "ForestSyntax"]),
        // The Language Server Protocol over stdio (`forest lsp`): JSON-RPC framing with
        // Foundation's JSON, documents checked as `forest check` does.
        .target(
            name: "ForestLSP",
            dependencies: ["ForestEval", "ForestFiles", "ForestREPL", "ForestRender", "ForestSyntax"]),
        .executableTarget(
            name: "forest",
            dependencies: [
                "ForestSyntax", "ForestEval", "ForestFiles", "ForestImport", "ForestLSP", "ForestRender", "ForestREPL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Golden-file checks shared by the test targets (a library only the tests depend on).
        .target(name: "ForestTestSupport", path: "Tests/Support"),
        .testTarget(name: "ForestStatsTests", dependencies: ["ForestStats", "ForestTestSupport"]),
        .testTarget(name: "ForestSyntaxTests", dependencies: ["ForestSyntax", "ForestRender"]),
        .testTarget(
            name: "ForestEvalTests",
            dependencies: [
                "ForestEval", "ForestFiles", "ForestRender", "ForestStats", "ForestSyntax", "ForestTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ], exclude: ["Golden"]),
        .testTarget(
            name: "ForestRenderTests",
            dependencies: ["ForestRender", "ForestEval", "ForestStats", "ForestSyntax", "ForestTestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "ForestREPLTests",
            dependencies: ["ForestREPL", "ForestEval", "ForestSyntax", "ForestTestSupport", "forest"]),
        // Golden files and reference fixtures are read from their paths, not bundled.
        .testTarget(
            name: "ScriptTests",
            dependencies: [
                "ForestRender", "ForestEval", "ForestFiles", "ForestImport", "ForestLSP", "ForestStats", "ForestSyntax",
                "ForestTestSupport", "forest", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
