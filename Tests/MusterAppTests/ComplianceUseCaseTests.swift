import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

@Suite("Compliance within the caller's scope")
struct ComplianceUseCaseTests {
    @Test("HR of one district sees its officers only; certificates imported count at once")
    func scoped() async throws {
        try await OfficerScopeTests.withRoster { useCases in
            for track in ShippedTracks.files { _ = try await useCases.loadTrack(track, context: useCases.admin) }
            let file = SourceFile(
                fileName: "c.csv", text: "badge,certificate,issued\nE1,police-pr,2025-01-01\nW1,police-pr,2020-01-01\n")
            _ = try await useCases.importRecords(.certificates, file, context: useCases.hr)
            let asOf = CalendarDay("2026-01-01")!
            let whole = try await useCases.compliance(track: "police-pr", asOf: asOf, context: useCases.hr)
            let statuses = Dictionary(uniqueKeysWithValues: whole.tracks[0].officers.map { ($0.badge, $0.status) })
            #expect(statuses == ["E1": .holding, "E2": .missing, "W1": .missing, "W2": .missing, "T1": .missing])
            let east = try #require(OfficerScopeTests.callers(useCases)["east.hr"])
            let district = try await useCases.compliance(track: "police-pr", asOf: asOf, context: east)
            #expect(district.tracks[0].officers.map(\.badge).sorted() == ["E1", "E2"])
            #expect(district.tracks[0].totals.holding == 1)
            let officer = try #require(OfficerScopeTests.callers(useCases)["officer"])
            #expect(await OfficerScopeTests.code { _ = try await useCases.compliance(context: officer) } == "forbidden")
            #expect(
                await OfficerScopeTests.code { _ = try await useCases.compliance(track: "x", context: useCases.hr) }
                    == "track_not_found")
        }
    }
}
