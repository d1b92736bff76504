import Foundation

/// Reading a script or notebook from disk, with one wording for why it cannot be read.
enum SourceFile {
    struct Unreadable: Error {
        let message: String
    }

    static func text(of path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw Unreadable(
                message: "cannot read '\(path)'"
                    + (FileManager.default.fileExists(atPath: path) ? " (not UTF-8 text?)" : ": no such file"))
        }
        return text
    }
}
