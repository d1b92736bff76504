// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "pola-repl",
    products: [
        .library(name: "TensorLayer", targets: ["TensorLayer"]),
        .library(name: "Runtime", targets: ["Runtime"]),
        .library(name: "PaperCommands", targets: ["PaperCommands"]),
        .library(name: "PolaScript", targets: ["PolaScript"]),
        .executable(name: "pola-repl", targets: ["pola-repl"]),
        .executable(name: "pola-bench", targets: ["pola-bench"]),
    ],
    targets: [
        // Tensors, reverse-mode autodiff and seeded random streams, generic over Float and
        // Double. It knows no game, policy or rule: the compiler keeps it so.
        .target(name: "TensorLayer", dependencies: ["COpenBLAS"]),
        // OpenBLAS, for the large Float products of the sampled half (see Tensor/BLAS.swift).
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "Runtime", dependencies: ["TensorLayer"]),
        // The paper's command lines (LOLA_exact.py, POLA_dice_jax.py) read into typed games, policies
        // and rules: the one place their flag strings are interpreted, above the Runtime, which parses
        // no command line.
        .target(name: "PaperCommands", dependencies: ["Runtime"]),
        .target(name: "PolaScript", dependencies: ["PaperCommands", "Runtime", "TensorLayer"]),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
        // Swift 5 mode: readline's interface is C globals, which Swift 6 cannot prove race-free.
        .executableTarget(
            name: "pola-repl", dependencies: ["PolaScript", "PaperCommands", "Runtime", "CReadline"],
            swiftSettings: [.swiftLanguageMode(.v5)]),
        .executableTarget(
            name: "pola-bench", dependencies: ["PaperCommands", "Runtime", "TensorLayer", "PolaScript"]),
        .target(
            name: "TestSupport", dependencies: ["TensorLayer", "Runtime", "PolaScript"], path: "Tests/TestSupport"),
        // The fuzzer: a seeded mutation run by default; built with -sanitize=fuzzer by scripts/fuzz.
        .executableTarget(name: "pola-fuzz", dependencies: ["TestSupport", "PolaScript"], path: "Tests/Fuzz"),
        .testTarget(name: "TensorLayerTests", dependencies: ["TensorLayer", "TestSupport"]),
        .testTarget(name: "RuntimeTests", dependencies: ["TensorLayer", "Runtime", "TestSupport"]),
        .testTarget(name: "PaperCommandsTests", dependencies: ["PaperCommands", "Runtime", "TestSupport"]),
        .testTarget(
            name: "PolaScriptTests", dependencies: ["PolaScript", "Runtime", "TensorLayer", "TestSupport"],
            exclude: ["Scripts"]),
        .testTarget(name: "ReplTests", dependencies: ["TestSupport"], exclude: ["Errors"]),
    ]
)
