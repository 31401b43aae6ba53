import Foundation
import Logging
import MusterDomain
import MusterFormats
import MusterStore
import MusterTestSupport

@testable import MusterApp

/// The demo bureau seeded once into a template database on the fixture's clock.
actor DemoTemplate {
    static let shared = DemoTemplate()
    static let databaseName = "muster_demo_template"
    private var seeding: Task<String, any Error>?

    /// The template's name, seeding it on first use.
    func name() async throws -> String {
        if let seeding { return try await seeding.value }
        let task = Task {
            let url = try await TestDatabases.shared.createDatabase(
                named: Self.databaseName, template: TestDatabases.templateName)
            let logger = {
                var logger = Logger(label: "muster.tests")
                logger.logLevel = .warning
                return logger
            }()
            try await TemporaryClient.with(url: url, logger: logger, maximumConnections: 4) { client in
                let useCases = UseCases(
                    database: Database(client: client, url: url, logger: logger),
                    clock: TestClock(SittingFixture.start).wallClock, passwordHasher: PasswordHasher(cost: 4),
                    logger: logger)
                _ = try await useCases.seedDemoDataIfEmpty()
            }
            return Self.databaseName
        }
        seeding = task
        return try await task.value
    }
}

/// The demo bureau seeded on a clock stopped at 2026-11-25 10:00 (bureau time), with helpers for
/// scheduling sittings and preparing candidates.
struct SittingFixture: Sendable {
    let useCases: UseCases
    let clock: TestClock
    let database: Database

    static let calendar = BureauCalendar.standard
    static let start = calendar.instant(parsing: "2026-11-25T10:00")!

    /// Runs `body` over a fresh copy of the demo bureau, seeded once per test process on this
    /// fixture's clock (cloning a database is much cheaper than seeding one per test).
    static func with(_ body: @Sendable (SittingFixture) async throws -> Void) async throws {
        let template = try await DemoTemplate.shared.name()
        try await TestDatabases.shared.withDatabase(cloning: template) { database in
            let clock = TestClock(start)
            let useCases = UseCases(
                database: database, clock: clock.wallClock, passwordHasher: PasswordHasher(cost: 4),
                logger: database.logger)
            try await body(SittingFixture(useCases: useCases, clock: clock, database: database))
        }
    }

    /// An unscoped trainer.
    var trainer: UseCaseContext { useCases.trainer }

    /// A trainer of the East district.
    var eastTrainer: UseCaseContext {
        useCases.signedIn("east.trainer", [RoleGrant(role: .trainer, unitScope: "PSB.EAST")])
    }

    /// `2026-12-15T09:00` for `days` after 2026-11-25.
    func time(_ days: Int, _ clock: String) -> String { "\(CalendarDay("2026-11-25")!.addingDays(days))T\(clock)" }

    /// A plan for `exam` on day `days` from `from` for `minutes`.
    func plan(
        _ exam: String = "computer-literacy-written", venue: String = "Room 9", day days: Int, from: String = "09:00",
        minutes: Int = 60, capacity: Int = 10, unit: String? = nil, proctor: String? = nil
    ) -> SittingPlan {
        let start = Self.calendar.instant(parsing: time(days, from))!
        return SittingPlan(
            exam: exam, venue: venue, capacity: capacity, start: time(days, from),
            end: Self.calendar.minuteText(of: start.addingTimeInterval(Double(minutes * 60))), proctor: proctor,
            unit: unit)
    }

    /// Officers who hold no place in any sitting, in a unit subtree, of a duty type.
    func freeOfficers(
        under unit: String = "PSB", duty: Officer.DutyType? = nil, count: Int
    ) async throws -> [Officer] {
        var taken: Set<String> = []
        for sitting in try await useCases.listSittings(context: useCases.admin) {
            let detail = try await useCases.showSitting(sitting.code, context: useCases.admin)
            taken.formUnion(detail.enrollments.map(\.badge))
        }
        let free = try await useCases.listOfficers(unit: unit, context: useCases.admin).filter {
            !taken.contains($0.badge) && (duty == nil || $0.dutyType == duty)
        }
        return Array(free.prefix(count))
    }

    /// Records every module's hours of `track` for `badges`.
    func giveHours(_ badges: [String], track code: String) async throws {
        let track = try await useCases.showTrack(code, context: useCases.admin).track
        let csv = DemoTraining.attendanceCSV(badges.map { ($0, track) }, today: useCases.today)
        _ = try await useCases.importAttendance(SourceFile(fileName: "hours.csv", text: csv), context: useCases.admin)
    }

    /// Candidates for `badges` with no accommodation.
    static func candidates(_ badges: [String]) -> [Candidate] { badges.map { Candidate(badge: $0) } }

    /// The stable reason codes of a refusal's details (`BADGE: code: sentence`), in order.
    static func reasons(of error: MusterError) -> [String] {
        error.details.map { line in
            let parts = line.components(separatedBy: ": ")
            return parts.count > 2 ? "\(parts[0]):\(parts[1])" : line
        }
    }
}
