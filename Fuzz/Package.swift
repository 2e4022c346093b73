// swift-tools-version: 6.0
import PackageDescription

// A libFuzzer target over the whole pipeline: bytes → source → lexer → parser → evaluator →
// text, JSON, diagnostics and SVG. Built only by tools/fuzz, with -sanitize=fuzzer (libFuzzer
// supplies `main`), so it lives outside the main package and `swift build` never sees it.
let package = Package(
    name: "ForestFuzz",
    dependencies: [.package(name: "Forest", path: "..")],
    targets: [
        .executableTarget(
            name: "ForestFuzz",
            dependencies: [.product(name: "ForestCore", package: "Forest")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ],
    swiftLanguageModes: [.v6]
)
