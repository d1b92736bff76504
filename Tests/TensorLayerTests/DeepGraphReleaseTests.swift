import Foundation
import TensorLayer
import Testing

/// Dropping a very deep graph must not recurse once per level: a GRU over a 4096-step episode
/// builds graphs tens of thousands of levels deep, and releasing them recursively overflowed a
/// worker thread's stack (a segmentation fault the fuzz run found).
struct DeepGraphReleaseTests {
    /// Builds and drops a chain `depth` operations deep on a thread with a 256 KB stack, where
    /// recursive release would need several megabytes; then checks gradients through a shorter
    /// chain still arrive (the loop must not cut graphs that are still in use).
    @Test func aChainHundredsOfThousandsDeepIsReleasedOnASmallStack() throws {
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            let x = Tensor.variable(Tensor<Double>([1.5]))
            var y = x
            for _ in 0..<200_000 { y = y * Tensor<Double>([1]) }
            #expect(y.item == 1.5)
            y = x
            finished.signal()
        }
        thread.stackSize = 256 * 1024
        thread.start()
        #expect(finished.wait(timeout: .now() + 120) == .success)
    }

    @Test func sharedPartsOfADeepGraphSurviveTheRelease() {
        let x = Tensor.variable(Tensor<Double>([2]))
        var shared = x
        for _ in 0..<1000 { shared = shared + Tensor<Double>([1]) }
        do {
            var branch = shared
            for _ in 0..<1000 { branch = branch * Tensor<Double>([1]) }
            #expect(branch.item == 1002)
        }
        // The first chain was kept alive by `shared` while the second one was torn down.
        let y = (shared * shared).sum()
        #expect(gradients(of: y, at: [x], createGraph: false)[0].item == 2 * 1002)
    }
}
