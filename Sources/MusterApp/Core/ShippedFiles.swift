import MusterFormats

/// The data files compiled into the binary (see the EmbedFiles plugin), as source files named by
/// their package-relative path.
enum ShippedFiles {
    /// The embedded files under `folder` (such as `Tracks/`) whose path passes `include`, by path.
    static func under(_ folder: String, where include: (String) -> Bool = { $0.hasSuffix(".yaml") }) -> [SourceFile] {
        EmbeddedFiles.all.filter { $0.key.hasPrefix(folder) && include($0.key) }
            .sorted { $0.key < $1.key }
            .map { SourceFile(fileName: $0.key, text: String(decoding: $0.value, as: UTF8.self)) }
    }
}
