import Foundation
import PolaScript
import Runtime
import TensorLayer
import TestSupport
import Testing

/// Every golden trajectory of the paper's code, replayed as a PolaScript program generated from
/// its JSON (the game, agents with explicit parameters, the rule, `step` per epoch), checked to
/// the same tolerances as the Runtime's own golden tests: 1e-9 on values and policies, POLA's
/// iteration counts exactly.
@Suite struct GoldenReplayTests {
    @Test(arguments: GoldenRun.names)
    func replaysThroughTheLanguage(name: String) throws {
        let golden = try GoldenRun(named: name)
        let script = Self.script(for: golden)
        let (output, error) = ScriptTests.run(script, name: "\(name).pola")
        #expect(error == nil, "\(name): \(error ?? "")\n\(script)")
        let epochs = output.chunked(4)
        try #require(epochs.count == golden.epochs.count, "\(name): \(output.count) lines")
        for (index, (lines, expected)) in zip(epochs, golden.epochs).enumerated()
        where expected.values.allSatisfy({ $0.isFinite }) {
            #expect(
                maxAbsoluteDifference(Self.numbers(lines[0]), expected.values) < 1e-9, "values at epoch \(index + 1)")
            #expect(
                maxAbsoluteDifference(Self.numbers(lines[1]), expected.policies[0]) < 1e-9,
                "policy 0 at epoch \(index + 1)")
            #expect(
                maxAbsoluteDifference(Self.numbers(lines[2]), expected.policies[1]) < 1e-9,
                "policy 1 at epoch \(index + 1)")
            if !expected.proximalIterations.isEmpty {
                #expect(
                    Self.numbers(lines[3]).map { Int($0) } == expected.proximalIterations,
                    "iterations at epoch \(index + 1)")
            }
        }
    }

    static func numbers(_ line: String) -> [Double] {
        line.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").compactMap {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
    }

    /// The program a user would type to rerun the golden file.
    static func script(for golden: GoldenRun) -> String {
        let flags = Flags(golden.arguments)
        let start = flags.value("--init_state_representation") == "1" ? "cc" : "separate"
        var lines = ["g = ipd(cf: \(flags.value("--base_cf_no_scale") ?? "1.33"), gamma: 0.96, start: \"\(start)\")"]
        let kind = flags.has("--using_nn") ? "mlp" : (flags.has("--ill_condition") ? "precond" : "tabular")
        for (seat, parameters) in golden.start.enumerated() {
            lines.append("a\(seat) = " + agent(kind, parameters))
        }
        lines.append("r = " + rule(flags))
        if let models = golden.modelStart {
            let modelKind = flags.has("--om_using_nn") ? "mlp" : (flags.has("--om_precond") ? "precond" : "tabular")
            for (i, own) in models.enumerated() {
                for (j, parameters) in own.enumerated() where j != i {
                    lines.append("model(a\(i), \(j), \(agent(modelKind, parameters)))")
                }
            }
        }
        lines += [
            "fn probs(x) {", "    out = []", "    for q in policy(x) { out = append(out, q) }", "    return out", "}",
            "for e in 1..\(golden.epochs.count) {",
            "    s = step(r, g, a0, a1)",
            "    print([s.V0, s.V1])", "    print(probs(a0))", "    print(probs(a1))",
            "    if flags_pola { print([s.iters0, s.iters1]) } else { print([]) }", "}",
        ]
        return lines.joined(separator: "\n").replacingOccurrences(
            of: "flags_pola", with: flags.has("--outer_exact_prox") ? "true" : "false")
    }

    static func agent(_ kind: String, _ parameters: [Tensor<Double>]) -> String {
        func list(_ xs: [Double]) -> String { "[" + xs.map { "\($0)" }.joined(separator: ", ") + "]" }
        guard kind == "mlp" else { return "\(kind)(g, logits: \(list(parameters[0].scalars)))" }
        let tensors = parameters.map { t -> String in
            guard t.rank == 2 else { return list(t.scalars) }
            return "["
                + (0..<t.shape[0]).map { r in list(Array(t.scalars[(r * t.shape[1])..<((r + 1) * t.shape[1])])) }
                .joined(separator: ", ") + "]"
        }
        return "mlp(g, hidden: \(parameters[0].shape[0]), weights: [\(tensors.joined(separator: ", "))])"
    }

    static func rule(_ flags: Flags) -> String {
        let inner = flags.value("--lr_policies_inner")!
        let outer = flags.value("--lr_policies_outer")!
        var model = ""
        if flags.has("--opp_model") {
            let kind = flags.has("--om_using_nn") ? "mlp" : (flags.has("--om_precond") ? "precond" : "tabular")
            model = ", model: \"\(kind)\", model_lr: \(flags.value("--om_lr_p") ?? "0.2")"
        }
        let steps =
            ", inner_steps: \(flags.value("--inner_steps") ?? "1"), inner_beta: \(flags.value("--inner_beta") ?? "0")"
        if flags.has("--outer_exact_prox") {
            return
                "pola(inner_lr: \(inner), outer_lr: \(outer), beta: \(flags.value("--outer_beta") ?? "0")\(steps)\(model))"
        }
        let taylor = flags.has("--actual_update") ? "false" : "true"
        return
            "lola(inner_lr: \(inner), outer_lr: \(outer), taylor: \(taylor)\(steps), outer_steps: \(flags.value("--outer_steps") ?? "1"), outer_beta: \(flags.value("--outer_beta") ?? "0")\(model))"
    }

    struct Flags {
        let arguments: [String]
        init(_ arguments: [String]) { self.arguments = arguments }
        func has(_ flag: String) -> Bool { arguments.contains(flag) }
        func value(_ flag: String) -> String? {
            arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
