// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "pola-repl",
    products: [
        .library(name: "Runtime", targets: ["Runtime"]),
        .library(name: "PolaScript", targets: ["PolaScript"]),
        .executable(name: "pola-repl", targets: ["pola-repl"]),
        .executable(name: "pola-bench", targets: ["pola-bench"]),
    ],
    targets: [
        .target(name: "Runtime"),
        .target(name: "PolaScript", dependencies: ["Runtime"]),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
        // Swift 5 mode: readline's interface is C globals, which Swift 6 cannot prove race-free.
        .executableTarget(
            name: "pola-repl", dependencies: ["PolaScript", "Runtime", "CReadline"],
            swiftSettings: [.swiftLanguageMode(.v5)]),
        .executableTarget(name: "pola-bench", dependencies: ["Runtime"]),
        .target(name: "TestSupport", dependencies: ["Runtime", "PolaScript"], path: "Tests/TestSupport"),
        // The fuzzer: a seeded mutation run by default; built with -sanitize=fuzzer by scripts/fuzz.
        .executableTarget(name: "pola-fuzz", dependencies: ["TestSupport", "PolaScript"], path: "Tests/Fuzz"),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "TestSupport"]),
        .testTarget(name: "PolaScriptTests", dependencies: ["PolaScript", "Runtime", "TestSupport"], exclude: ["Scripts"]),
        .testTarget(name: "ReplTests", dependencies: ["TestSupport"], exclude: ["Errors"]),
    ]
)
