import Foundation

/// Where and how the interpreter writes files.
///
/// Every write goes to a temporary file in the target's directory and is renamed into place,
/// so a failed write never leaves a truncated file and never touches an existing one. With a
/// sandbox, relative paths resolve inside it and no path may leave it.
public struct FileAccess: Sendable {
    /// The only directory writes may go to (nil: anywhere the user can write).
    public let sandbox: String?
    /// Where relative paths resolve: the sandbox, else `base`, else the working directory.
    public let base: String?

    /// False to check every write (path, sandbox, directory) without writing: a replay that
    /// only compares outputs then fails exactly where a real run would, and leaves no file.
    public let writes: Bool

    public init(sandbox: String? = nil, base: String? = nil, writes: Bool = true) {
        self.sandbox = sandbox.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.base = base
        self.writes = writes
    }

    public enum Failure: Error, Equatable {
        /// A message naming the path and the reason.
        case refused(String)
    }

    /// The absolute path a script's path names, or a refusal when it leaves the sandbox.
    public func resolve(_ path: String) throws -> String {
        guard !path.isEmpty else { throw Failure.refused("an empty path") }
        let base = sandbox ?? self.base ?? FileManager.default.currentDirectoryPath
        let url =
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: base).appendingPathComponent(path)
        let resolved = url.standardizedFileURL.path
        if let sandbox {
            let directory = URL(fileURLWithPath: resolved).deletingLastPathComponent().resolvingSymlinksInPath().path
            let root = URL(fileURLWithPath: sandbox).resolvingSymlinksInPath().path
            guard directory == root || directory.hasPrefix(root + "/") else {
                throw Failure.refused("'\(path)' is outside the sandbox \(sandbox)")
            }
        }
        return resolved
    }

    /// Writes `text` to `path` atomically.
    /// - Throws: `Failure.refused` naming the path and why (missing directory, permission, ...).
    public func write(_ text: String, to path: String) throws {
        try write([(text, path)])
    }

    /// Writes several files, all or none: each is staged in a temporary file beside its target,
    /// then they are renamed into place, the first file last. If a rename fails, the files
    /// already renamed are removed again (a file they replaced is not restored).
    public func write(_ files: [(text: String, path: String)]) throws {
        try write(contents: files.map { (Data($0.text.utf8), $0.path) })
    }

    /// Writes `bytes` to `path` atomically: a checkpoint is either the old file or the new one,
    /// never part of either, whatever stops the program.
    public func write(bytes: [UInt8], to path: String) throws {
        try write(contents: [(Data(bytes), path)])
    }

    /// The whole file at `path` (resolved as writes are).
    /// - Throws: `Failure.refused` naming the path and why (missing, a directory, unreadable).
    public func read(_ path: String) throws -> [UInt8] {
        let target = try resolve(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else {
            throw Failure.refused("cannot read '\(path)': no such file")
        }
        guard !isDirectory.boolValue else { throw Failure.refused("cannot read '\(path)': it is a directory") }
        guard let data = FileManager.default.contents(atPath: target) else {
            throw Failure.refused("cannot read '\(path)': permission denied")
        }
        return [UInt8](data)
    }

    private func write(contents files: [(data: Data, path: String)]) throws {
        var staged = [(temporary: String, target: String, path: String)]()
        var placed = [String]()
        do {
            for (data, path) in files {
                if let file = try stage(data, path) { staged.append(file) }
            }
            for file in staged.reversed() {
                if rename(file.temporary, file.target) != 0 {
                    throw Failure.refused(
                        "cannot write '\(file.path)': " + Self.reason(errno, Self.shownDirectory(of: file.path)))
                }
                placed.append(file.target)
            }
        } catch {
            for file in staged where !placed.contains(file.target) { unlink(file.temporary) }
            for target in placed { unlink(target) }
            throw error
        }
    }

    /// `data` in a new temporary file in `path`'s directory; nil, once the path is checked, when
    /// this access only checks writes.
    private func stage(_ data: Data, _ path: String) throws -> (temporary: String, target: String, path: String)? {
        let target = try resolve(path)
        let directory = (target as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure.refused(
                "cannot write '\(path)': its directory '\(Self.shownDirectory(of: path))' does not exist")
        }
        guard writes else { return nil }
        let temporary =
            directory + "/." + (target as NSString).lastPathComponent
            + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw Failure.refused("cannot write '\(path)': " + Self.reason(errno, Self.shownDirectory(of: path)))
        }
        return (temporary, target, path)
    }

    /// The directory as the user wrote it (`.` for a bare file name), not machine-specific.
    static func shownDirectory(of path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }

    private static func reason(_ code: Int32, _ directory: String) -> String {
        switch code {
        case EACCES, EPERM: "permission denied in \(directory)"
        case EROFS: "\(directory) is on a read-only file system"
        case ENOSPC: "no space left on the device"
        case EISDIR: "it is a directory"
        default: String(cString: strerror(code))
        }
    }
}
