/// Line endings as files from other systems write them.
///
/// Files arrive with Windows (`\r\n`), old Mac (`\r`) or Unix (`\n`) line endings and sometimes a
/// UTF-8 byte-order mark. Line-based readers (GIFT, Aiken) see every line break as `\n` and no
/// mark, so a file reads the same, at the same line and column positions, whatever wrote it.
enum LineEndings {
    /// `text` without a leading byte-order mark and with every line break written `\n`.
    static func normalized(_ text: String) -> String {
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        guard scalars.contains("\r") else { return text.unicodeScalars.count == scalars.count ? text : String(scalars) }
        var result = String.UnicodeScalarView()
        result.reserveCapacity(scalars.count)
        var iterator = scalars.makeIterator()
        var pending = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if scalar == "\r" {
                result.append("\n")
                if pending == "\n" { pending = iterator.next() }
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
