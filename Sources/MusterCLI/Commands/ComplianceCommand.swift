import ArgumentParser
import Foundation
import MusterApp
import MusterDomain

/// `muster compliance`: who must hold each track's certificate, who does, who lacks it.
struct ComplianceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compliance",
        abstract: "Per track: who must hold the certificate on a date, who holds it, who lacks it, whose expires soon.",
        discussion: "Counts by unit first, then the officers missing the certificate or whose certificate expires soon."
    )

    /// Output formats of the report.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @OptionGroup var options: GlobalOptions
    @Option(help: "Only officers in this unit and the units below it.") var unit: String?
    @Option(help: "Only this track.") var track: String?
    @Option(help: "The date to judge on, YYYY-MM-DD (default: today in the bureau's time zone).") var asOf: String?
    @Option(help: "Count certificates whose last valid day falls within this many days as expiring.") var expiring = 30
    @Option(help: "Output format: table, json or csv (one row per officer who must hold a certificate).")
    var format: Format = .table

    func validate() throws {
        if let asOf, CalendarDay(asOf) == nil { throw ValidationError("--as-of must be a date written YYYY-MM-DD.") }
    }

    func run() async throws {
        let (unit, track, days) = (self.unit, self.track, expiring)
        let asOf = self.asOf.flatMap(CalendarDay.init)
        let report = try await DatabaseSession.useCases(options, logger: options.logger()) { useCases, context in
            try await useCases.compliance(
                unit: unit, track: track, asOf: asOf, expiringWithin: days, context: context)
        }
        switch format {
        case .json: try Output.json(report)
        case .csv:
            print("track,certificate,badge,name,unit,status,valid_until")
            for track in report.tracks {
                for officer in track.officers {
                    let fields = [
                        track.track, track.certificate, officer.badge, officer.name, officer.unit,
                        officer.status.rawValue,
                        officer.validUntil?.description ?? "",
                    ]
                    print(fields.map(Output.csvField).joined(separator: ","))
                }
            }
        case .table:
            print("compliance on \(report.asOf); expiring = last valid day within \(report.expiringWithinDays) days")
            for track in report.tracks {
                let totals = track.totals
                print("")
                print(
                    "\(track.track) (certificate \(track.certificate)): \(totals.required) must hold it, "
                        + "\(totals.holding) do (\(totals.expiring) expiring), \(totals.missing) missing")
                Output.table(
                    header: ["UNIT", "REQUIRED", "HOLDING", "EXPIRING", "MISSING"],
                    rows: track.byUnit.map {
                        [$0.unit, String($0.required), String($0.holding), String($0.expiring), String($0.missing)]
                    })
                let attention = track.officers.filter { $0.status != .holding }
                if !attention.isEmpty {
                    print("")
                    Output.table(
                        header: ["BADGE", "NAME", "UNIT", "STATUS", "VALID UNTIL"],
                        rows: attention.map {
                            [$0.badge, $0.name, $0.unit, $0.status.rawValue, $0.validUntil?.description ?? "-"]
                        })
                }
            }
        }
    }
}
