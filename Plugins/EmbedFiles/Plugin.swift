import Foundation
import PackagePlugin

/// Embeds the package's data folders into the binary as Swift source.
///
/// An operator runs `muster` from any working folder, so the migrations, the OpenAPI document and
/// the shipped data must travel inside the executable rather than be looked up beside the current
/// folder. Each target that applies this plugin gets a generated `EmbeddedFiles` enum holding the
/// files listed for it below, keyed by their path relative to the package root.
@main
struct EmbedFiles: BuildToolPlugin {
    /// The package folders (or files) whose contents each target embeds.
    static let sourcesByTarget: [String: [String]] = [
        "MusterStore": ["Migrations"],
        "MusterServer": ["Sources/MusterServer/OpenAPI/openapi.yaml"],
        "MusterApp": ["QuestionBanks", "Policies", "Tracks", "Exams", "Templates"],
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let inputs = try Self.sourcesByTarget[target.name, default: []]
            .flatMap { try Self.files(under: root.appending(path: $0)) }
            .sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        let arguments = [root.path, output.path] + inputs.map(\.path)
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) data files into \(target.name)",
                executable: try context.tool(named: "EmbedFilesTool").url,
                arguments: arguments,
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    /// Lists the regular files at `url`: the file itself, or every file below the folder.
    static func files(under url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            return []
        }
        guard isDirectory.boolValue else { return [url] }
        let enumerator = FileManager.default.enumerator(
            at: url,
            includingPropertiesForKeys: [.isRegularFileKey]
        )
        var found: [URL] = []
        while let next = enumerator?.nextObject() as? URL {
            let values = try next.resourceValues(forKeys: [.isRegularFileKey])
            if values.isRegularFile == true, !next.lastPathComponent.hasPrefix(".") {
                found.append(next)
            }
        }
        return found
    }
}
