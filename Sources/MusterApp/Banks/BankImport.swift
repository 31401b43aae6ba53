import Foundation
import MusterDomain
import MusterFormats
import MusterStore

/// What an import did, or would do with `--dry-run`.
public struct BankImportReport: Sendable, Codable, Equatable {
    /// What happened to the bank.
    public enum Outcome: String, Sendable, Codable {
        /// A new version was written.
        case created
        /// The content equals the newest version; nothing was written.
        case unchanged
        /// Checked only; nothing was written.
        case dryRun = "dry-run"
    }

    public var bank: String
    public var outcome: Outcome
    /// The version written, or the existing one the content equals; nil for a dry run.
    public var version: Int?
    public var contentHash: String
    public var itemCount: Int
    public var format: String
    public var files: [String]
    public var itemsByType: [String: Int]
    public var itemsByTopic: [String: Int]
    public var itemsByDifficulty: [String: Int]
    /// Warnings (`file:line:column: warning: …`); they do not stop an import.
    public var warnings: [String]
}

/// Parsed, validated bank content ready to store.
struct PreparedBank {
    var name: String
    var title: LocalizedText?
    var items: [Item]
    var format: String
    var files: [String]
    var warnings: [String]
    var contentHash: String
}

extension UseCases {
    /// Imports question bank files as one new version of a bank, all or nothing.
    ///
    /// - Parameters:
    ///   - sources: The files; together they make the bank's full content.
    ///   - format: The files' format, or nil to detect each from its name and content.
    ///   - bankName: The bank to import into; defaults to the name the file states, else the first
    ///     file's name.
    ///   - dryRun: Check and summarise only.
    ///   - context: Who imports (a trainer or admin), for the version record and the audit log.
    /// - Throws: ``MusterError`` `import_rejected` listing every error as `file:line:column: …`.
    public func importBank(
        _ sources: [SourceFile],
        format: BankFormat? = nil,
        bankName: String? = nil,
        dryRun: Bool = false,
        context: UseCaseContext
    ) async throws -> BankImportReport {
        try context.require(.importBanks)
        let prepared = try Self.prepareBank(sources, format: format, bankName: bankName)
        var report = Self.report(for: prepared)
        guard !dryRun else { return report }
        let banks = BankRepository(logger: context.logger)
        return try await transaction(context) { connection in
            let bankID = try await banks.lockOrCreate(name: prepared.name, title: prepared.title, on: connection)
            let latest = try await banks.latestVersion(bankID: bankID, on: connection)
            if let latest, latest.hash == prepared.contentHash {
                report.outcome = .unchanged
                report.version = latest.version
                return report
            }
            let version = (latest?.version ?? 0) + 1
            try await banks.insertVersion(
                bankID: bankID,
                version: version,
                contentHash: prepared.contentHash,
                format: prepared.format,
                files: prepared.files,
                importedBy: context.actor.name,
                items: prepared.items,
                title: prepared.title,
                on: connection
            )
            try await context.audit(on: connection).record(
                "bank.import", "question_bank", prepared.name,
                after: BankImportAudit(version: version, items: prepared.items.count, hash: prepared.contentHash))
            report.outcome = .created
            report.version = version
            return report
        }
    }

    /// Checks bank files and summarises them without touching any database (`--dry-run`).
    public static func checkBank(
        _ sources: [SourceFile],
        format: BankFormat? = nil,
        bankName: String? = nil
    ) throws -> BankImportReport {
        report(for: try prepareBank(sources, format: format, bankName: bankName))
    }

    static func report(for prepared: PreparedBank) -> BankImportReport {
        BankImportReport(
            bank: prepared.name,
            outcome: .dryRun,
            contentHash: prepared.contentHash,
            itemCount: prepared.items.count,
            format: prepared.format,
            files: prepared.files,
            itemsByType: tally(prepared.items.map(\.kind.name)),
            itemsByTopic: tally(prepared.items.flatMap { $0.topics.isEmpty ? ["(none)"] : $0.topics }),
            itemsByDifficulty: tally(prepared.items.map(\.difficulty.rawValue)),
            warnings: prepared.warnings
        )
    }

    /// Parses and checks the files, with no database: every error is collected before failing.
    static func prepareBank(_ sources: [SourceFile], format: BankFormat?, bankName: String?) throws -> PreparedBank {
        guard !sources.isEmpty else {
            throw MusterError(.invalidInput, code: "import_empty", "No files were given to import.")
        }
        var diagnostics: [Diagnostic] = []
        var items: [Item] = []
        var formats: Set<String> = []
        var statedName: String?
        var title: LocalizedText?
        var firstSeen: [String: SourcePosition] = [:]
        for source in sources {
            let fileFormat = format ?? BankFormat.detect(fileName: source.fileName, text: source.text)
            formats.insert(fileFormat.rawValue)
            let parsed = fileFormat.parse(source.text, file: source.fileName)
            diagnostics += parsed.diagnostics
            statedName = statedName ?? parsed.name
            title = title ?? parsed.title
            for item in parsed.items {
                let position = item.source ?? SourcePosition(file: source.fileName, line: 1, column: 1)
                if let earlier = firstSeen[item.id] {
                    diagnostics.append(
                        Diagnostic(
                            .error, at: position,
                            "item id '\(item.id)' is also used at \(earlier); ids must be unique in a bank")
                    )
                } else {
                    firstSeen[item.id] = position
                }
            }
            items += parsed.items
        }
        try MusterError.rejectingErrors(in: diagnostics, code: "import_rejected", file: "the file(s)")
        guard !items.isEmpty else {
            throw MusterError(
                .invalidInput, code: "import_empty", "The file(s) hold no questions; nothing was imported.")
        }
        let name = try bankName ?? statedName ?? Self.bankName(fromFile: sources[0].fileName)
        try Self.validateBankName(name)
        let canonical = YAMLBankWriter().write(name: nil, title: nil, items: items)
        let hash = Digest.sha256Hex(canonical)
        return PreparedBank(
            name: name,
            title: title,
            items: items,
            format: formats.sorted().joined(separator: "+"),
            files: sources.map { ($0.fileName as NSString).lastPathComponent },
            warnings: diagnostics.warnings.map(\.description),
            contentHash: hash
        )
    }

    /// A bank name from a file name: `Police PR.gift` → `police-pr`.
    static func bankName(fromFile fileName: String) throws -> String {
        let stem = ((fileName as NSString).lastPathComponent as NSString).deletingPathExtension.lowercased()
        let slug = stem.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "-" }.joined()
            .split(separator: "-").joined(separator: "-")
        guard !slug.isEmpty else {
            throw MusterError(
                .invalidInput, code: "bank_name_required",
                "Name the bank with --bank; '\(fileName)' gives no usable name.")
        }
        return String(slug.prefix(64))
    }

    static func validateBankName(_ name: String) throws {
        guard name.range(of: #"^[a-z0-9][a-z0-9-]{0,63}$"#, options: .regularExpression) != nil else {
            throw MusterError(
                .invalidInput,
                code: "invalid_bank_name",
                "Bank name '\(name)' must be 1-64 lowercase letters, digits and dashes, starting with a letter or digit."
            )
        }
    }

    static func tally(_ values: [String]) -> [String: Int] {
        values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}

/// The audit log's "after" of a bank import.
struct BankImportAudit: Codable, Sendable {
    var version: Int
    var items: Int
    var hash: String
}
