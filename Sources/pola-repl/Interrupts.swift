import Foundation
import Synchronization

/// Ctrl-C, as a flag that long computations poll at safe points (the one process-wide piece of
/// state: a signal handler cannot carry context).
let interruptRequested = Atomic<Bool>(false)
/// True while readline waits for a line; Ctrl-C then clears the line instead of stopping work.
let readingLine = Atomic<Bool>(false)

enum Interrupts {
    /// Installs the SIGINT handler, for the prompt and for scripts and notebooks alike (Ctrl-C
    /// then stops the run at a safe point, saying where). `atPrompt` runs (in the handler) when
    /// Ctrl-C arrives while a line is being read.
    static func install(atPrompt: (@convention(c) () -> Void)? = nil) {
        promptHandler = atPrompt
        // A blocked signal mask survives exec: a parent that starts us from one of its worker
        // threads (which block signals) would otherwise leave Ctrl-C without effect.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
        signal(SIGINT) { _ in
            if readingLine.load(ordering: .relaxed) {
                promptHandler?()
            } else {
                interruptRequested.store(true, ordering: .relaxed)
            }
        }
    }

    static func clear() {
        interruptRequested.store(false, ordering: .relaxed)
    }

    static var isRequested: Bool {
        interruptRequested.load(ordering: .relaxed)
    }

    /// A deadline for non-interactive runs (`--timeout`): after it, the run is interrupted.
    static func arm(timeout seconds: Double) {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            interruptRequested.store(true, ordering: .relaxed)
        }
    }
}

nonisolated(unsafe) private var promptHandler: (@convention(c) () -> Void)?
