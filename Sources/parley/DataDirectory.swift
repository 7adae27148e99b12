import ArgumentParser
import Foundation
import ParleyServer
import ParleyStoreSQLite

/// The `--data DIR` option and the files Parley keeps there.
struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .long, help: "The data directory.")
    var data: String = "./parley-data"

    var journalPath: String { (data as NSString).appendingPathComponent("parley.sqlite") }

    /// Creates the data directory (0700) and any missing folder above it; an error names
    /// the folder and the system's reason ("Read-only file system", "Permission denied").
    func create() throws {
        var path = data.hasPrefix("/") ? "" : "."
        for component in data.split(separator: "/") {
            path += "/" + component
            var status = stat()
            if stat(path, &status) == 0 {
                guard status.st_mode & S_IFMT == S_IFDIR else { throw StartupError("\(path) is not a directory") }
                continue
            }
            guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
                throw StartupError("cannot create the data directory \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Makes the data directory private to its owner whatever modes it had: the directory
    /// and its folders 0700, its files 0600 (the journal and its WAL, the operator's token,
    /// the archives). Called at start, after the journal is open.
    func secure() throws {
        let manager = FileManager.default
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: data)
        guard let walker = manager.enumerator(atPath: data) else { return }
        for case let relative as String in walker {
            let path = (data as NSString).appendingPathComponent(relative)
            // Links are left alone: changing one would change whatever it points at.
            switch try manager.attributesOfItem(atPath: path)[.type] as? FileAttributeType {
            case .typeDirectory: try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
            case .typeRegular: try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            default: continue
            }
        }
    }

    /// Opens the journal of an existing data directory, for commands that only read.
    func openExistingJournal() throws -> SQLiteJournal {
        guard FileManager.default.fileExists(atPath: journalPath) else {
            throw ValidationError("no Parley data in '\(data)' (expected \(journalPath))")
        }
        return try SQLiteJournal(path: journalPath)
    }
}
