import Foundation
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport
import PostgresNIO
import Testing

@testable import MusterApp

@Suite("Loading training tracks")
struct TrackLoadTests {
    static func shipped(_ code: String) throws -> SourceFile {
        try #require(ShippedTracks.files.first { $0.fileName == "Tracks/\(code).yaml" })
    }

    @Test("a track loads as version 1, an identical file changes nothing, a changed one is version 2")
    func versions() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            let trainer = useCases.signedIn("li.trainer", [RoleGrant(role: .trainer, unitScope: "PSB.TRAIN")])
            let file = try Self.shipped("police-pr")
            let dry = try await useCases.loadTrack(file, dryRun: true, context: trainer)
            #expect(dry.outcome == .dryRun && dry.modules == 4 && dry.hours == 20 && dry.certificate == "police-pr")
            #expect(try await useCases.listTracks(context: trainer).isEmpty)
            let first = try await useCases.loadTrack(file, context: trainer)
            #expect((first.outcome, first.version) == (.created, 1))
            let again = try await useCases.loadTrack(file, context: trainer)
            #expect((again.outcome, again.version) == (.unchanged, 1))
            let changed = SourceFile(
                fileName: "pr.yaml", text: file.text.replacingOccurrences(of: "validity: 3", with: "validity: 2"))
            #expect(try await useCases.loadTrack(changed, context: trainer).version == 2)
            let stored = try await useCases.showTrack("police-pr", context: useCases.hr)
            #expect(stored.version == 2)
            #expect(stored.loadedBy == "li.trainer")
            #expect(stored.track.certificate == CertificateRule(code: "police-pr", validity: .years(2)))
            #expect(stored.track.modules.map(\.code) == ["communication", "media", "complaints", "community"])
            let audit = try await useCases.auditEntries(AuditFilter(entityType: "track"), context: useCases.admin)
            #expect(audit.map(\.action) == ["track.load", "track.load"])
        }
    }

    @Test("HR cannot load tracks; a certificate comes from one track; ranks must be the policy's")
    func refusals() async throws {
        try await TestDatabases.shared.withMigratedDatabase { database in
            let useCases = UseCases(database: database, logger: database.logger)
            let file = try Self.shipped("computer-literacy")
            await #expect { try await useCases.loadTrack(file, context: useCases.hr) } throws: {
                ($0 as? MusterError)?.code == "forbidden"
            }
            _ = try await useCases.loadTrack(file, context: useCases.admin)
            let copy = SourceFile(
                fileName: "copy.yaml",
                text: file.text.replacingOccurrences(of: "track: computer-literacy", with: "track: computing"))
            await #expect { try await useCases.loadTrack(copy, context: useCases.admin) } throws: {
                ($0 as? MusterError)?.code == "certificate_taken"
            }
            let badRank = SourceFile(
                fileName: "r.yaml",
                text:
                    "track: x\nmodules: [{code: m, hours: 1}]\nrequired_for: {ranks: [general]}\ncertificate: {code: x, validity: none}\n"
            )
            await #expect { try await useCases.loadTrack(badRank, context: useCases.admin) } throws: {
                ($0 as? MusterError)?.details == [
                    "r.yaml:3:24: error: rank 'general' is not in the active policy's ladder"
                ]
            }
            #expect(try await useCases.listTracks(context: useCases.hr).map(\.track.code) == ["computer-literacy"])
            await #expect { try await useCases.showTrack("nope", context: useCases.hr) } throws: {
                ($0 as? MusterError)?.code == "track_not_found"
            }
        }
    }
}
