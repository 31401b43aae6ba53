import Foundation

/// Progress lines for long work, shown only when standard error is a terminal.
struct TerminalProgress {
    let enabled = isatty(STDERR_FILENO) == 1

    /// Reports step `index` (1-based) of `total`.
    func step(_ index: Int, of total: Int, _ what: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("[\(index)/\(total)] \(what)\n".utf8))
    }

    /// Reports a free-form status line.
    func note(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }

    /// Replaces the current status line (a counter that moves).
    func update(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    /// Ends the status line with a final text.
    func finish(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)\n".utf8))
    }
}
