import ArgumentParser
import Foundation
import Logging
import ParleyEngine
import ParleyServer
import ParleyStorePostgres
import ParleyStoreSQLite

/// The `--data DIR` and `--store URL` options, and the files Parley keeps in DIR.
struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .long, help: "The data directory.")
    var data: String = "./parley-data"

    @Option(
        name: .long,
        help:
            "postgres://USER@HOST:PORT/DB to keep the journal in PostgreSQL (password in PGPASSWORD); default: SQLite in --data."
    )
    var store: String?

    func validate() throws {
        if let store {
            do {
                _ = try PostgresStoreURL(store, environment: [:])
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    /// The journal `--store` names, opened (and migrated) for a server; SQLite in the data
    /// directory by default.
    func openJournal(logger: Logger) async throws -> any EventJournal {
        if let store {
            let url = try PostgresStoreURL(store, environment: ProcessInfo.processInfo.environment)
            return try await PostgresJournal.open(url, logger: logger)
        }
        return try SQLiteJournal(path: journalPath)
    }

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

    /// Opens an existing journal, for commands that only read: `--store`'s, or the data
    /// directory's.
    func openExistingJournal() async throws -> any EventJournal {
        if store != nil {
            var quiet = Logger(label: "parley.store")
            quiet.logLevel = .error
            return try await openJournal(logger: quiet)
        }
        return try openExistingSQLite()
    }

    /// The data directory's SQLite journal, which must exist.
    func openExistingSQLite() throws -> SQLiteJournal {
        guard FileManager.default.fileExists(atPath: journalPath) else {
            throw ValidationError("no Parley data in '\(data)' (expected \(journalPath))")
        }
        return try SQLiteJournal(path: journalPath)
    }
}
