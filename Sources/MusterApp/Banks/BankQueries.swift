import Foundation
import MusterDomain
import MusterFormats
import MusterStore

/// A bank version with its items, as shown by `banks show`.
public struct BankDetail: Sendable, Codable {
    public var version: BankVersion
    public var items: [Item]
}

/// The formats banks export to.
public enum BankExportFormat: String, Sendable, CaseIterable, Codable {
    case yaml, gift
}

extension UseCases {
    /// Every bank's newest version.
    public func listBanks(context: UseCaseContext) async throws -> [BankVersion] {
        try context.require(.readBanks)
        let banks = BankRepository(logger: context.logger)
        return try await transaction(context) { try await banks.latestVersions(on: $0) }
    }

    /// One version of a bank (the newest when `version` is nil) with its items.
    public func showBank(_ name: String, version: Int? = nil, context: UseCaseContext) async throws -> BankDetail {
        try context.require(.readBanks)
        let banks = BankRepository(logger: context.logger)
        guard
            let (summary, items) = try await transaction(
                context,
                {
                    try await banks.version(bank: name, version: version, on: $0)
                })
        else {
            let which = version.map { "version \($0) of bank '\(name)'" } ?? "bank '\(name)'"
            throw MusterError(.notFound, code: "bank_not_found", "There is no \(which).")
        }
        return BankDetail(version: summary, items: items)
    }

    /// A bank version written in `format`, with warnings for what the format cannot hold.
    public func exportBank(
        _ name: String,
        version: Int? = nil,
        to format: BankExportFormat,
        context: UseCaseContext
    ) async throws -> (text: String, warnings: [String]) {
        let detail = try await showBank(name, version: version, context: context)
        switch format {
        case .yaml:
            return (YAMLBankWriter().write(name: name, title: detail.version.title, items: detail.items), [])
        case .gift:
            let warnings = detail.items.compactMap { item in
                GIFTWriter.expressibility(of: item).map { "item '\(item.id)': \($0)" }
            }
            return (GIFTWriter().write(detail.items), warnings)
        }
    }
}
