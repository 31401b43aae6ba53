import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The controlling terminal in full-screen mode: keys arrive one at a time without echo, the
/// screen is the alternate one (the shell's screen comes back afterwards), and the previous
/// settings are restored by ``restore()``.
final class RawTerminal: Sendable {
    private let saved: termios

    /// Switches standard input and output to full-screen mode; nil when either is not a terminal.
    init?() {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return nil }
        saved = settings
        settings.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        settings.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings)
        Self.emit("\u{1B}[?1049h\u{1B}[?25l")
    }

    /// Puts the terminal back as it was.
    func restore() {
        Self.emit("\u{1B}[?25h\u{1B}[?1049l")
        var settings = saved
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings)
    }

    /// The window's size in columns and rows (80 × 24 when the terminal does not say).
    var size: (columns: Int, rows: Int) {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 else {
            return (80, 24)
        }
        return (Int(window.ws_col), Int(window.ws_row))
    }

    /// Draws `lines` over the whole screen in one write.
    func draw(_ lines: [String]) {
        Self.emit("\u{1B}[H" + lines.joined(separator: "\u{1B}[K\r\n") + "\u{1B}[K\u{1B}[J")
    }

    /// The keys pressed, decoded, until standard input closes. Reading blocks a thread of its
    /// own, so the exam's clock and saves go on while nobody types.
    func keys() -> AsyncStream<ExamKey> {
        AsyncStream { continuation in
            let reader = Thread {
                var decoder = KeyDecoder()
                var buffer = [UInt8](repeating: 0, count: 256)
                while true {
                    let count = read(STDIN_FILENO, &buffer, buffer.count)
                    if count < 0, errno == EINTR { continue }
                    // End of input or a terminal gone: the keys end, and with them the session.
                    if count <= 0 { break }
                    for key in decoder.decode(buffer[0..<count]) { continuation.yield(key) }
                }
                continuation.finish()
            }
            reader.start()
        }
    }

    private static func emit(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes {
                write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
    }
}

/// Turns terminal input bytes into keys: UTF-8 characters (typed Chinese included), Enter,
/// Backspace, Escape and the arrow and page keys' escape sequences. Any other control sequence
/// (Delete, Home, End, function keys, a mouse report) is read whole and dropped, so none of its
/// bytes turns into an answer.
struct KeyDecoder {
    private var pending: [UInt8] = []

    /// The keys completed by `bytes`. A character or an escape sequence split across reads waits
    /// for its rest; an Escape at the very end of a read is the Escape key.
    mutating func decode(_ bytes: some Collection<UInt8>) -> [ExamKey] {
        pending += bytes
        var keys: [ExamKey] = []
        var index = 0
        while index < pending.count {
            let byte = pending[index]
            switch byte {
            case 0x0D, 0x0A:
                keys.append(.enter)
                index += 1
            case 0x7F, 0x08:
                keys.append(.backspace)
                index += 1
            case 0x1B:
                switch Self.escapeSequence(pending[(index + 1)...]) {
                case .incomplete:
                    pending.removeFirst(index)
                    return keys
                case .key(let key, let length):
                    if let key { keys.append(key) }
                    index += 1 + length
                case .none:
                    keys.append(.escape)
                    index += 1
                }
            default:
                let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                guard index + length <= pending.count else {
                    pending.removeFirst(index)
                    return keys
                }
                if let text = String(validating: pending[index..<(index + length)], as: UTF8.self),
                    let character = text.first
                {
                    keys.append(.character(character))
                }
                index += length
            }
        }
        pending.removeAll()
        return keys
    }

    private enum Sequence {
        /// Not an escape sequence: the Escape key itself.
        case none
        /// A sequence begun but not yet ended in this read.
        case incomplete
        /// A whole sequence of `length` bytes after ESC; its key, or nil for one the exam ignores.
        case key(ExamKey?, length: Int)
    }

    /// Reads the bytes after ESC: a CSI sequence (`[`, parameter and intermediate bytes, one
    /// final byte) or an SS3 one (`O` and one byte).
    private static func escapeSequence(_ rest: ArraySlice<UInt8>) -> Sequence {
        guard let introducer = rest.first else { return .none }
        if introducer == UInt8(ascii: "O") {
            guard rest.count >= 2 else { return .incomplete }
            return .key(arrow(rest[rest.startIndex + 1]), length: 2)
        }
        guard introducer == UInt8(ascii: "[") else { return .none }
        var index = rest.startIndex + 1
        while index < rest.endIndex, (0x20...0x3F).contains(rest[index]) { index += 1 }
        guard index < rest.endIndex else { return .incomplete }
        let final = rest[index]
        let parameters = String(decoding: rest[(rest.startIndex + 1)..<index], as: UTF8.self)
        let length = index - rest.startIndex + 1
        guard (0x40...0x7E).contains(final) else { return .key(nil, length: length - 1) }
        if final == UInt8(ascii: "~") {
            switch parameters {
            case "5": return .key(.pageUp, length: length)
            case "6": return .key(.pageDown, length: length)
            default: return .key(nil, length: length)
            }
        }
        return .key(arrow(final), length: length)
    }

    /// The arrow key a sequence's final byte names (with any modifier), or nil.
    private static func arrow(_ final: UInt8) -> ExamKey? {
        switch final {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        default: nil
        }
    }
}
