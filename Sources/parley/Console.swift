import Foundation

/// Unbuffered lines on standard output and error, so that scripts waiting for
/// `listening on …` see it at once even through a pipe.
enum Console {
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func complain(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
