import ArgumentParser
import Foundation
import ParleyStoreSQLite

/// The `--data DIR` option and the files Parley keeps there.
struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .long, help: "The data directory.")
    var data: String = "./parley-data"

    var journalPath: String { (data as NSString).appendingPathComponent("parley.sqlite") }

    /// Opens the journal of an existing data directory, for commands that only read.
    func openExistingJournal() throws -> SQLiteJournal {
        guard FileManager.default.fileExists(atPath: journalPath) else {
            throw ValidationError("no Parley data in '\(data)' (expected \(journalPath))")
        }
        return try SQLiteJournal(path: journalPath)
    }
}
