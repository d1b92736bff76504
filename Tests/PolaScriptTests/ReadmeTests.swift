import Foundation
import PolaScript
import TestSupport
import Testing

/// The README's sessions (the first one, the sampled half's, formula games'), replayed as the prompt would run it: every `pola> ` line is
/// typed, every other line of the block is what must be echoed.
@Suite struct ReadmeTests {
    @Test(arguments: [
        "## A first session", "## The sampled half", "## Matrix games and named strategies",
        "### Games written as formulas",
    ])
    func theSessionPrintsWhatTheReadmeShows(section heading: String) throws {
        let readme = try String(contentsOf: PolaRepl.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: heading))
        let fence = try #require(readme.range(of: "```\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: fence.upperBound..<readme.endIndex))
        let lines = readme[fence.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).filter { !$0.isEmpty }
        let typed = lines.filter { $0.hasPrefix("pola> ") }.map { String($0.dropFirst(6)) }
        let shown = lines.filter { !$0.hasPrefix("pola> ") }
        try #require(typed.count >= 5)
        let (output, error) = ScriptTests.run(typed.joined(separator: "\n"), name: "<repl>", echo: true)
        #expect(error == nil)
        #expect(output == shown)
    }
}
