import Foundation
import Synchronization

/// Ctrl-C, as a flag: long computations poll it at safe points, and the prompt's line editor
/// polls it while a line is being read (a signal handler cannot carry context, and may do no
/// more than set a flag, so this is the one process-wide piece of state the handler touches).
let interruptRequested = Atomic<Bool>(false)

enum Interrupts {
    /// Installs the SIGINT handler, for the prompt and for scripts and notebooks alike. It only
    /// sets the flag: a run then stops at a safe point, saying where, and at the prompt
    /// `LineEditor` abandons the line being typed.
    static func install() {
        // A global is initialized on first use, and that must not be inside the handler.
        clear()
        // A blocked signal mask survives exec: a parent that starts us from one of its worker
        // threads (which block signals) would otherwise leave Ctrl-C without effect.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
        signal(SIGINT) { _ in interruptRequested.store(true, ordering: .relaxed) }
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
