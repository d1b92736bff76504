import Foundation
import Runtime

/// Fresh folders under the system's temporary directory, removed when their owner goes.
///
/// A suite keeps one as a stored property. Swift Testing makes a new suite instance for every
/// test and drops it when the test ends, so each folder lives exactly as long as the test that
/// made it, whether the test passed, failed or threw. (Folders made by a bare `createDirectory`
/// were never removed: a day of test runs left thousands in /tmp.)
///
///     let folders = ScratchFolders("pola-cli")
///     let directory = try folders.make()   // /tmp/pola-cli-<UUID>, gone after the test
public final class ScratchFolders: Sendable {
    private let prefix: String
    private let made = Locked<[URL]>([])

    /// - Parameter prefix: the start of every folder's name, to tell whose a stray one is.
    public init(_ prefix: String) {
        self.prefix = prefix
    }

    /// A new empty folder, removed with this object.
    public func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        made.withLock { $0.append(url) }
        return url
    }

    deinit {
        for url in made.withLock({ $0 }) {
            try? FileManager.default.removeItem(at: url)
        }
    }
}
