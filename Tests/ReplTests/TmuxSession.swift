import Foundation
import Glibc
import TestSupport
import Testing

/// A tmux session running pola-repl with its own home (so history starts empty) and its own
/// tmux server on a private socket, so the tests neither see nor disturb any other tmux.
///
/// tmux clients are started with `posix_spawn`, not Foundation's `Process`: the first client
/// forks the tmux server, which outlives it and keeps every descriptor the client inherited.
/// `Process` learns that a child ended when a socket it shares with the child closes, and a
/// pipe reaches its end only when every writer has closed it, so with `Process` the server
/// kept both open and the tests waited for it for CI's whole time limit. Here the clients get
/// no descriptor but /dev/null and an output file, and are reaped with `waitpid`.
final class TmuxSession {
    let name = "pola-\(UUID().uuidString.prefix(8))"
    let home: URL
    /// Whether the home folder is this session's own, removed when it ends.
    private let ownsHome: Bool
    private(set) var lastStatus: Int32 = 0
    private var socket: String { "\(name)-tests" }

    /// - Parameters:
    ///   - home: a home folder to share with an earlier session (its history), else a fresh one.
    ///   - directory: the working directory pola-repl starts in.
    ///   - arguments: pola-repl's arguments, each a single shell word.
    init(home: URL? = nil, directory: URL? = nil, arguments: [String] = []) throws {
        ownsHome = home == nil
        self.home = home ?? FileManager.default.temporaryDirectory.appendingPathComponent("pola-home-\(name)")
        try FileManager.default.createDirectory(at: self.home, withIntermediateDirectories: true)
        let command = (["env", "HOME=\(self.home.path)", "NO_COLOR=1", PolaRepl.binary.path] + arguments)
            .joined(separator: " ")
        let said = try tmux(
            ["new-session", "-d", "-s", name, "-x", "160", "-y", "50"]
                + (directory.map { ["-c", $0.path] } ?? []) + [command])
        guard lastStatus == 0 else {
            Issue.record("tmux could not start a session (scripts/setup installs tmux): \(said)")
            throw CancellationError()
        }
        try waitFor("pola>")
    }

    deinit {
        _ = try? tmux(["kill-server"])
        if ownsHome { try? FileManager.default.removeItem(at: home) }
    }

    /// Runs one tmux client command and returns what it printed; a client that has not
    /// finished within 10 s is killed and the test fails.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let pid = try spawn(["tmux", "-L", socket] + arguments, output: output.path)
        let deadline = Date().addingTimeInterval(10)
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECHILD)
            }
            if Date() >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                Issue.record("tmux \(arguments.joined(separator: " ")) did not finish within 10 s")
                throw CancellationError()
            }
            usleep(2_000)
        }
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        lastStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return String(decoding: (try? Data(contentsOf: output)) ?? Data(), as: UTF8.self)
    }

    /// Starts `arguments` (looked up on PATH) with standard input from /dev/null, standard
    /// output and error into `output`, and every other descriptor closed.
    private func spawn(_ arguments: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try closeTheRest(&actions)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // Signal dispositions and the signal mask survive exec, and a test runner may ignore
        // or block SIGINT; the prompt under test must see Ctrl-C as a user's shell delivers it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        var none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else {
            Issue.record(
                "could not start \(arguments[0]): \(String(cString: strerror(result))) (scripts/setup installs tmux)")
            throw POSIXError(POSIXErrorCode(rawValue: result) ?? .ENOENT)
        }
        return pid
    }

    /// Adds "close every descriptor from 3 up" to `actions`. glibc (2.34 and later) has this
    /// action, but Swift's Glibc module does not import it, so it is looked up by name.
    private func closeTheRest(_ actions: inout posix_spawn_file_actions_t) throws {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
            Issue.record("this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 added it)")
            throw POSIXError(.ENOSYS)
        }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Types a line literally and presses Enter.
    func type(_ line: String) throws {
        try tmux(["send-keys", "-t", name, "-l", line])
        try send("Enter")
    }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", name, "-S", "-500"])) ?? "" }

    /// The screen once `text` appears `count` times (tmux trims trailing blanks from lines).
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, seconds: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let now = screen
            if now.components(separatedBy: text).count - 1 >= count { return now }
            usleep(20_000)
        }
        Issue.record("timed out waiting for \(count) x '\(text)'; screen:\n\(screen)")
        throw CancellationError()
    }

    /// Two tabular agents in the IPD at CF 1.1, with copies of their starting state.
    func seatTwoAgents() throws {
        for line in [
            "g = ipd(cf: 1.1)", "a = tabular(g, seed: 1)", "b = tabular(g, seed: 2)", "a0 = copy(a)", "b0 = copy(b)",
        ] {
            try type(line)
        }
    }

    /// A POLA training run of 100000 epochs, once its live progress line shows two done.
    func startALongTrainingRun() throws {
        try seatTwoAgents()
        try type("r = pola(inner_lr: 5, outer_lr: 0.3, beta: 0.1)")
        try type("t = train(r, g, a, b, epochs: 100000)")
        try waitFor("train: 2/100000", seconds: 60)
    }

    /// One POLA step whose proximal loop would run for hours, a second into it.
    func startAnEndlessProximalStep() throws {
        try seatTwoAgents()
        try type("r = pola(inner_lr: 5, outer_lr: 0.001, beta: 0.1, max_iters: 100000000, tol: 1e-300)")
        try type("step(r, g, a, b)")
        usleep(1_000_000)
    }

    /// The prompt is back after one of the runs above is interrupted: the eighth `pola>`, after
    /// the five lines that seat the agents and the two that start the run.
    @discardableResult
    func waitForThePromptAfterAnInterruptedRun(seconds: Double = 10) throws -> String {
        try waitFor("pola>", count: 8, seconds: seconds)
    }

    var alive: Bool {
        guard (try? tmux(["has-session", "-t", name])) != nil else { return false }
        return lastStatus == 0
    }
}
