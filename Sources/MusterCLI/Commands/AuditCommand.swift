import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster audit`: the append-only audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "List audit log entries, oldest first.")

    /// Output formats of the audit listing.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @OptionGroup var options: GlobalOptions
    @Option(help: "Only entries at or after this ISO 8601 time or date (2026-11-01 or 2026-11-01T08:00:00Z).")
    var since: String?
    @Option(help: "Only entries by this actor.") var actor: String?
    @Option(help: "Only entries about this entity: TYPE or TYPE:ID (for example question_bank:computer-literacy).")
    var entity: String?
    @Option(help: "At most this many entries.") var limit = 1000
    @Option(help: "Output format: table, json or csv.") var format: Format = .table

    func run() async throws {
        var sinceDate: Date?
        if let since {
            guard
                let date = ISO8601DateFormatter().date(from: since)
                    ?? ISO8601DateFormatter().date(from: since + "T00:00:00Z")
            else { throw ValidationError("--since must be an ISO 8601 date or time, such as 2026-11-01.") }
            sinceDate = date
        }
        let entityParts = entity?.split(separator: ":", maxSplits: 1).map(String.init)
        let filter = AuditFilter(
            since: sinceDate,
            actor: actor,
            entityType: entityParts?.first,
            entityID: entityParts?.count == 2 ? entityParts?[1] : nil,
            limit: limit
        )
        let logger = options.logger()
        let entries = try await DatabaseSession.useCases(options, logger: logger) { useCases, context in
            try await useCases.auditEntries(filter, context: context)
        }
        switch format {
        case .json:
            try Output.json(entries)
        case .csv:
            print("id,occurred_at,actor,actor_role,action,entity_type,entity_id,before,after,request_id")
            for entry in entries {
                let fields: [String] = [
                    String(entry.id), entry.occurredAt.formatted(.iso8601), entry.actor, entry.actorRole, entry.action,
                    entry.entityType, entry.entityID, entry.before ?? "", entry.after ?? "", entry.requestID ?? "",
                ]
                print(fields.map(Output.csvField).joined(separator: ","))
            }
        case .table:
            Output.table(
                header: ["TIME", "ACTOR", "ROLE", "ACTION", "ENTITY", "BEFORE", "AFTER"],
                rows: entries.map {
                    [
                        $0.occurredAt.formatted(.iso8601), $0.actor, $0.actorRole, $0.action,
                        "\($0.entityType):\($0.entityID)", Self.shortened($0.before), Self.shortened($0.after),
                    ]
                }
            )
        }
    }

    /// A JSON value cut to fit a table cell (the json and csv formats carry it whole).
    static func shortened(_ json: String?) -> String {
        guard let json, !json.isEmpty else { return "-" }
        return json.count > 50 ? String(json.prefix(49)) + "…" : json
    }
}
