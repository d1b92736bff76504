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
        .executableTarget(name: "pola-repl", dependencies: ["PolaScript", "Runtime"]),
        .executableTarget(name: "pola-bench", dependencies: ["Runtime"]),
        .target(name: "TestSupport", dependencies: ["Runtime"], path: "Tests/TestSupport"),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "TestSupport"]),
    ]
)
