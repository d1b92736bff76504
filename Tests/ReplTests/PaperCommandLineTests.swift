import Foundation
import TestSupport
import Testing

/// `pola-repl paper` on the seed README's commands as written: the one that cannot run is
/// refused with a caret under its flag, and one short command of each script runs end to end
/// (made short by flags appended to the README's line; as in argparse, a later flag wins).
@Suite struct PaperCommandLineTests {
    static let readme = GoldenRun.fixtures.appendingPathComponent("POLA-README.txt")

    /// The README's first command that starts with `prefix` and holds `part`, split as a shell
    /// splits it.
    static func command(_ prefix: String, holding part: String = "") throws -> [String] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        let line = try #require(
            text.split(separator: "\n").first { $0.hasPrefix(prefix) && (part.isEmpty || $0.contains(part)) })
        return line.split(separator: " ").map(String.init)
    }

    let folders = ScratchFolders("pola-paper")

    func scratch() throws -> URL {
        try folders.make()
    }

    func text(_ directory: URL, _ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The golden: `Tests/Fixtures/paper/save-dir-without-value.err`.
    @Test func theReadmesCommandWithoutASaveDirectoryIsRefusedWithAFix() throws {
        let directory = try scratch()
        let command = try Self.command("python ./jax_files/POLA_dice_jax.py --env ipd --n_update 20001")
        let outcome = try PolaRepl.run(["paper"] + command, in: directory)
        let golden = try String(
            contentsOf: GoldenRun.fixtures.appendingPathComponent("paper/save-dir-without-value.err"), encoding: .utf8)
        #expect(outcome.status == 64)
        #expect(outcome.error == golden)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test(arguments: [
        (
            ["LOLA_exact.py", "--lr_polices_inner", "3"],
            """
            pola-repl: bad flag '--lr_polices_inner' (a flag of LOLA_exact.py's exact experiments expected, got "3")
              pola-repl paper LOLA_exact.py --lr_polices_inner 3
                                            ^~~~~~~~~~~~~~~~~~
              note: did you mean '--lr_policies_inner'?

            """
        ),
        (
            ["--seeds", "3-1", "LOLA_exact.py"],
            """
            pola-repl: bad --seeds '3-1' (seeds such as 1-10, 1,4,7 or 1-3,8 expected)
              pola-repl paper --seeds 3-1 LOLA_exact.py
                                      ^~~

            """
        ),
        (
            ["python", "POLA_dice_jax.py", "--env", "ipd", "--lr_out", "-0.1"],
            """
            pola-repl: bad flag '--lr_out' (a finite number > 0 expected, got -0.1)
              pola-repl paper python POLA_dice_jax.py --env ipd --lr_out -0.1
                                                                ^~~~~~~~

            """
        ),
        (
            ["LOLA_exact.py", "--n_agents", "3"],
            """
            pola-repl: bad flag '--n_agents' (2 expected, got "3")
              pola-repl paper LOLA_exact.py --n_agents 3
                                            ^~~~~~~~~~
              note: games of more agents run at the prompt: contribution(n: 3)

            """
        ),
        (
            ["--shard", "5/4", "LOLA_exact.py"],
            """
            pola-repl: bad --shard '5/4' (a share from 1 to 4 expected, got 5)
              pola-repl paper --shard 5/4 LOLA_exact.py
                                      ^~~
              note: shares count from 1: --shard 1/4 to --shard 4/4

            """
        ),
        (
            ["python", "./jax_files/result_plots.py"],
            """
            pola-repl: bad command './jax_files/result_plots.py' (LOLA_exact.py or POLA_dice_jax.py expected, got "./jax_files/result_plots.py")
              pola-repl paper python ./jax_files/result_plots.py
                                     ^~~~~~~~~~~~~~~~~~~~~~~~~~~
              note: pola-repl paper python ./jax_files/POLA_dice_jax.py --env ipd --n_update 2 --batch_size 8

            """
        ),
    ])
    func badCommandsArePositioned(arguments: [String], expected: String) throws {
        let directory = try scratch()
        let outcome = try PolaRepl.run(["paper"] + arguments, in: directory)
        #expect(outcome.status == 64)
        #expect(outcome.error == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    /// Figure 3's tabular POLA at cf 1.1, 2 runs of 1 epoch for seeds 1 and 2.
    @Test func anExactCommandRunsEndToEnd() throws {
        let directory = try scratch()
        let command = try Self.command("python LOLA_exact.py --n_agents 2 --print_every 1 --repeats 20 --num_epochs 2")
        let outcome = try PolaRepl.run(
            ["paper", "--seeds", "1-2", "--out", "pola.csv"] + command + ["--repeats", "2", "--num_epochs", "1"],
            in: directory)
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(outcome.output == "wrote pola.csv and pola.csv.json (seeds 1, 2)\n")
        // Progress lines end in the seconds taken, which vary.
        let lines = outcome.error.split(separator: "\n").map {
            $0.hasPrefix("seed ") ? String($0.prefix(17)) : String($0)
        }
        #expect(
            lines == [
                "pola-repl: --set_seed: ignored (pola-repl always seeds its runs (--seed))",
                "pola-repl: --seed 1: replaced by --seeds 1-2", "seed 1: epoch 1/1", "seed 2: epoch 1/1",
            ])
        let csv = try text(directory, "pola.csv").components(separatedBy: "\r\n")
        #expect(csv[0].hasPrefix("seed,run,V0,V1,q0_DD"))
        #expect(csv.filter { !$0.isEmpty }.map { $0.prefix(4) } == ["seed", "1,1,", "1,2,", "2,1,", "2,2,"])
        let provenance = try text(directory, "pola.csv.json")
        #expect(provenance.contains("\"command\": \"python LOLA_exact.py --n_agents 2"))
        #expect(provenance.contains("\"name\": \"pola\""))
        #expect(provenance.contains("\"seeds\": [1, 2]"))
    }

    /// Figure 4's POLA-OM, one tiny epoch, and the same run written as a script: the same rows.
    @Test func aDiCECommandRunsEndToEndAsTrainWould() throws {
        let directory = try scratch()
        let om = try Self.command(
            "python ./jax_files/POLA_dice_jax.py --env ipd --n_update 101", holding: "--opp_model")
        let shortened = [
            "--n_update", "1", "--batch_size", "6", "--rollout_len", "4", "--outer_steps", "2", "--hidden_size", "3",
            "--opp_model_data_batches", "2", "--print_every", "1",
        ]
        let outcome = try PolaRepl.run(["paper", "--out", "om.csv"] + om + shortened, in: directory)
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(
            outcome.error.hasPrefix(
                """
                pola-repl: --om_lr_p 0.005: ignored (the paper's code parses it but never reads it)
                pola-repl: --om_lr_v 0.0005: ignored (the paper's code parses it but never reads it)
                pola-repl: --checkpoint_every 10: no checkpoints without --save_dir DIR to put them in
                seed 10: epoch 1/1  score
                """))
        let script = """
            g = ipd_history(cf: 1.33, rollout: 4)
            a = gru(g, hidden: 3, layers: 1, seed: 10000)
            b = gru(g, hidden: 3, layers: 1, seed: 10001)
            r = pola_om(inner_lr: 0.005, outer_lr: 0.003, value_lr: 0.0005, inner_steps: 2, outer_steps: 2, \
            inner_beta: 10, outer_beta: 100, batch: 6, model_batches: 2, model_steps_per_batch: 1, seed: 10)
            csv(train(r, g, a, b, epochs: 1), "train.csv")

            """
        let trained = try PolaRepl.run([], in: directory, input: script)
        #expect(trained.status == 0, "\(trained.error)")
        let rows = try text(directory, "om.csv").components(separatedBy: "\r\n").dropFirst()
        let expected = try text(directory, "train.csv").components(separatedBy: "\r\n").dropFirst()
        #expect(rows.count == 3)
        #expect(Array(rows.map { $0.isEmpty ? $0 : String($0.drop { $0 != "," }.dropFirst()) }) == Array(expected))
        #expect(try text(directory, "om.csv.json").contains("\"name\": \"pola_om\""))
    }

    /// `paper --shard`: each share runs its block of the seeds; merged, the table one run writes.
    @Test func sharedSeedsMergeIntoTheUnshardedTable() throws {
        let directory = try scratch()
        let command = [
            "POLA_dice_jax.py", "--env", "coin", "--n_update", "1", "--batch_size", "4", "--rollout_len", "3",
            "--hidden_size", "2", "--lr_in", "0.003",
        ]
        let all = try PolaRepl.run(["paper", "--seeds", "1-3", "--out", "c.csv"] + command, in: directory)
        #expect(all.status == 0, "\(all.error)")
        for k in 1...2 {
            let share = try PolaRepl.run(
                ["paper", "--shard", "\(k)/2", "--seeds", "1-3", "--out", "c.csv"] + command, in: directory)
            #expect(share.status == 0, "\(share.error)")
        }
        // Seed 1, then seeds 2 and 3: a header and two evaluations per seed.
        #expect(try text(directory, "c.shard-1-of-2.csv").components(separatedBy: "\r\n").count == 4)
        let merge = try PolaRepl.run(
            ["merge", "merged.csv", "c.shard-1-of-2.csv", "c.shard-2-of-2.csv"], in: directory)
        #expect(merge.status == 0, "\(merge.error)")
        #expect(try text(directory, "merged.csv") == (try text(directory, "c.csv")))
    }

    static let tiny = [
        "POLA_dice_jax.py", "--env", "ipd", "--batch_size", "6", "--rollout_len", "4", "--hidden_size", "3",
        "--lr_in", "0.05", "--save_dir", "ck", "--checkpoint_every", "1",
    ]

    /// A run stopped after epoch 1 (here: asked for 1 epoch) and run again for 3 continues from
    /// its checkpoint: the same bytes as 3 epochs straight.
    @Test func aRunContinuesFromItsCheckpointBitForBit() throws {
        let straight = try scratch()
        let first = try PolaRepl.run(["paper", "--out", "t.csv"] + Self.tiny + ["--n_update", "3"], in: straight)
        #expect(first.status == 0, "\(first.error)")
        let resumed = try scratch()
        _ = try PolaRepl.run(["paper", "--out", "t.csv"] + Self.tiny + ["--n_update", "1"], in: resumed)
        let again = try PolaRepl.run(["paper", "--out", "t.csv"] + Self.tiny + ["--n_update", "3"], in: resumed)
        #expect(again.status == 0, "\(again.error)")
        #expect(again.error.hasPrefix("seed 1: resumed from ck/seed-1.ckpt at epoch 1/3\nseed 1: epoch 2/3"))
        #expect(try text(resumed, "t.csv") == (try text(straight, "t.csv")))
        #expect(
            try Data(contentsOf: resumed.appendingPathComponent("ck/seed-1.ckpt"))
                == Data(contentsOf: straight.appendingPathComponent("ck/seed-1.ckpt")))
    }

    /// A checkpoint of other settings, or a damaged one, is refused by name and left as it was.
    @Test func aCheckpointThatDoesNotFitIsRefusedAndKept() throws {
        let directory = try scratch()
        _ = try PolaRepl.run(["paper", "--out", "t.csv"] + Self.tiny + ["--n_update", "1"], in: directory)
        let checkpoint = directory.appendingPathComponent("ck/seed-1.ckpt")
        let bytes = try Data(contentsOf: checkpoint)
        let other = try PolaRepl.run(
            ["paper", "--out", "u.csv"] + Self.tiny + ["--n_update", "2", "--lr_in", "0.1"], in: directory)
        #expect(other.status == 70)
        #expect(
            other.error.hasPrefix(
                "pola-repl: paper stopped: 'ck/seed-1.ckpt' was saved from a run of lola_dice(inner_lr: 0.05, "))
        #expect(other.error.contains("not of lola_dice(inner_lr: 0.1, "))
        try bytes.prefix(200).write(to: checkpoint)
        let cut = try PolaRepl.run(["paper", "--out", "u.csv"] + Self.tiny + ["--n_update", "2"], in: directory)
        #expect(cut.status == 70)
        #expect(cut.error.hasPrefix("pola-repl: paper stopped: 'ck/seed-1.ckpt' is truncated (200 of its "))
        #expect(try Data(contentsOf: checkpoint) == bytes.prefix(200))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("u.csv").path))
    }

    @Test func checkpointsWithoutAFolderAreSaidToGoNowhere() throws {
        let directory = try scratch()
        let outcome = try PolaRepl.run(
            [
                "paper", "POLA_dice_jax.py", "--batch_size", "4", "--rollout_len", "2", "--hidden_size", "2",
                "--checkpoint_every", "10",
            ], in: directory)
        #expect(outcome.status == 0)
        #expect(
            outcome.error.hasPrefix(
                "pola-repl: --checkpoint_every 10: no checkpoints without --save_dir DIR to put them in\n"))
    }
}
