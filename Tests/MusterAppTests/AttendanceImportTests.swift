import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import Testing

@testable import MusterApp

@Suite("Recording training attendance")
struct AttendanceImportTests {
    @Test("hours are stored per officer, module and day; a dry run counts; re-importing writes nothing")
    func readBack() async throws {
        try await OfficerScopeTests.withRoster { useCases in
            for track in ShippedTracks.files { _ = try await useCases.loadTrack(track, context: useCases.admin) }
            let trainer = useCases.signedIn("trainer.all", [RoleGrant(role: .trainer)])
            let file = SourceFile(
                fileName: "a.csv",
                text: """
                    badge,track,module,date,hours
                    E1,police-pr,media,2025-03-04,3.5
                    E1,police-pr,media,2025-03-05,0.5
                    W1,computer-literacy,spreadsheets,2025-04-01,6
                    """)
            let dry = try await useCases.importAttendance(file, dryRun: true, context: trainer)
            #expect((dry.rows, dry.written, dry.hours, dry.dryRun) == (3, 3, 10, true))
            let real = try await useCases.importAttendance(file, context: trainer)
            #expect(real.written == 3)
            #expect(try await useCases.importAttendance(file, context: trainer).written == 0)
            try await RecordReadBackTests.expectRows(
                """
                SELECT o.badge, a.track_code, a.module_code, a.day::text, a.hours::text
                FROM training_attendance a JOIN officers o ON o.id = a.officer_id ORDER BY 1, 4
                """, useCases.database,
                [
                    ["E1", "police-pr", "media", "2025-03-04", "3.50"],
                    ["E1", "police-pr", "media", "2025-03-05", "0.50"],
                    ["W1", "computer-literacy", "spreadsheets", "2025-04-01", "6.00"],
                ])
        }
    }

    @Test("a trainer of one district records only its officers; tracks and modules must exist")
    func refusals() async throws {
        try await OfficerScopeTests.withRoster { useCases in
            for track in ShippedTracks.files { _ = try await useCases.loadTrack(track, context: useCases.admin) }
            let east = try #require(OfficerScopeTests.callers(useCases)["trainer"])
            let file = SourceFile(
                fileName: "b.csv",
                text: """
                    badge,track,module,date,hours
                    E1,police-pr,media,2025-03-04,2
                    W1,police-pr,media,2025-03-04,2
                    E2,police-pr,juggling,2025-03-04,2
                    E2,diving,deep,2025-03-04,2
                    E1,police-pr,media,2025-03-06,"2,5"
                    """)
            await #expect { try await useCases.importAttendance(file, context: east) } throws: { error in
                guard let details = (error as? MusterError)?.details, details.count == 4 else { return false }
                return details[0] == "b.csv:3:1: error: no officer with badge 'W1' in your scope"
                    && details[1].hasPrefix("b.csv:4:14: error: track police-pr has no module 'juggling'")
                    && details[2].hasPrefix("b.csv:5:4: error: no track 'diving' is in force")
                    && details[3]
                        == "b.csv:6:31: error: hours '2,5' must be a number above 0 and at most 24, with at most two decimals; use a dot for decimals"
            }
            #expect(
                await OfficerScopeTests.code { _ = try await useCases.importAttendance(file, context: useCases.hr) }
                    == "forbidden")
        }
    }

    @Test("a day holds at most 24 hours, with what is stored; hours keep at most two decimals")
    func fullDays() async throws {
        try await OfficerScopeTests.withRoster { useCases in
            for track in ShippedTracks.files { _ = try await useCases.loadTrack(track, context: useCases.admin) }
            let first = SourceFile(
                fileName: "a.csv", text: "badge,track,module,date,hours\nE1,police-pr,media,2025-03-04,20\n")
            _ = try await useCases.importAttendance(first, context: useCases.admin)
            let more = SourceFile(
                fileName: "b.csv",
                text:
                    "badge,track,module,date,hours\nE1,police-pr,community,2025-03-04,5\nE2,police-pr,media,2025-03-04,1.2345\n"
            )
            do {
                _ = try await useCases.importAttendance(more, context: useCases.admin)
                Issue.record("an overfull day was imported")
            } catch let error as MusterError {
                #expect(
                    error.details == [
                        "b.csv:2:35: error: officer E1 would have 25.0 hours on 2025-03-04; a day has at most 24",
                        "b.csv:3:31: error: hours '1.2345' must be a number above 0 and at most 24, with at most two decimals",
                    ])
            }
            // Correcting the stored row itself is fine: it replaces, not adds.
            let correction = SourceFile(
                fileName: "c.csv", text: "badge,track,module,date,hours\nE1,police-pr,media,2025-03-04,24\n")
            #expect(try await useCases.importAttendance(correction, context: useCases.admin).written == 1)
        }
    }
}
