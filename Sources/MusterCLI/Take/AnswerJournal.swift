import Foundation
import MusterApp
import MusterDomain

/// The terminal's own durable copy of every answer the candidate gives, written (and flushed to
/// disk) before the answer is sent, so an answer typed while the server is out of reach survives
/// a crash or a restart of `muster take` and is sent when the server is back.
///
/// One file per (server, badge, sitting) under `MUSTER_HOME/take/`, one JSON line per answer
/// given. Replaying it is safe: the server keeps only a sequence number above the one it holds.
struct AnswerJournal {
    /// One answer as given: the position, its sequence number and the whole state of the position.
    struct Entry: Codable, Equatable, Sendable {
        var attempt: Int64
        var position: Int
        var sequence: Int64
        var answer: CandidateAnswer?
        var flagged: Bool
    }

    let file: URL

    /// The journal for `badge` in `sitting` on `server`, in `home`'s `take` folder.
    init(home: URL, server: String, badge: String, sitting: String) throws {
        let host = server.replacing(/^https?:\/\//, with: "").map { $0.isLetter || $0.isNumber ? $0 : "_" }
        let folder = home.appending(path: "take", directoryHint: .isDirectory)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw MusterError(
                .misconfigured, code: "journal_unwritable",
                "Cannot create \(folder.path) for the answer journal: \(error.localizedDescription)")
        }
        file = folder.appending(path: "\(String(host))-\(badge)-\(sitting).jsonl")
    }

    /// Every entry written so far, oldest first; a line cut short by a crash is skipped.
    func entries() -> [Entry] {
        guard let data = try? Data(contentsOf: file) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(Entry.self, from: $0) }
    }

    /// The latest entry per position of `attempt`.
    func latest(attempt: Int64) -> [Int: Entry] {
        var latest: [Int: Entry] = [:]
        for entry in entries() where entry.attempt == attempt {
            if entry.sequence >= latest[entry.position]?.sequence ?? 0 { latest[entry.position] = entry }
        }
        return latest
    }

    /// Appends `entry` and flushes it to disk before returning.
    func append(_ entry: Entry) throws {
        var line = try JSONEncoder().encode(entry)
        line.append(UInt8(ascii: "\n"))
        if !FileManager.default.fileExists(atPath: file.path) {
            guard
                FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600])
            else {
                throw MusterError(
                    .misconfigured, code: "journal_unwritable", "Cannot create the answer journal \(file.path).")
            }
        }
        let handle = try FileHandle(forUpdating: file)
        defer { try? handle.close() }
        let end = try handle.seekToEnd()
        if end > 0 {
            // A line cut short by a crash is closed first, so this entry starts a line of its own.
            try handle.seek(toOffset: end - 1)
            if try handle.read(upToCount: 1) != Data([UInt8(ascii: "\n")]) { line.insert(UInt8(ascii: "\n"), at: 0) }
        }
        try handle.write(contentsOf: line)
        try handle.synchronize()
    }
}
