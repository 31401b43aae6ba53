import MusterDomain
import MusterFormats
import MusterStore

/// What seeding the demo data set did.
public struct DemoSeedReport: Sendable, Equatable, Codable {
    /// Whether the database was empty and therefore seeded.
    public var seeded: Bool
    /// How many organisational units were created.
    public var unitsCreated: Int
    /// The shipped banks imported, with their item counts.
    public var banksImported: [String: Int] = [:]
    /// The shipped tracks loaded.
    public var tracksLoaded: [String] = []
    /// Officers put on the demo roster.
    public var officersCreated: Int = 0
    /// The shipped exams created.
    public var examsCreated: [String] = []
    /// Certificates the demo force holds from before Muster.
    public var certificatesImported: Int = 0
    /// Next week's sittings, with how many candidates each enrolled.
    public var sittings: [String: Int] = [:]
    /// Demo accounts created, username to a password generated for this run (shown once, never stored).
    public var demoAccounts: [String: String] = [:]
}

extension UseCases {
    /// Fills an empty database with the demo data set, in one transaction (all of it or none);
    /// leaves a database with data untouched.
    public func seedDemoDataIfEmpty() async throws -> DemoSeedReport {
        let operatorContext = operatorContext(name: "demo-seed")
        return try await transaction(operatorContext) { connection in
            let units = UnitRepository(logger: logger)
            guard try await units.count(on: connection) == 0 else {
                return DemoSeedReport(seeded: false, unitsCreated: 0)
            }
            // Every step joins this transaction through the context.
            let seeder = operatorContext.within(connection)
            var report = DemoSeedReport(
                seeded: true,
                unitsCreated: try await units.insertMissing(try DemoBureau.units.orderedParentsFirst(), on: connection)
            )
            for bank in ShippedBanks.yamlBanks {
                let imported = try await importBank([bank], context: seeder)
                report.banksImported[imported.bank] = imported.itemCount
            }
            if let defaultPolicy = ShippedPolicies.files.first(where: { $0.fileName == ShippedPolicies.defaultFile }) {
                _ = try await loadPolicy(defaultPolicy, context: seeder)
            }
            for track in ShippedTracks.files {
                report.tracksLoaded.append(try await loadTrack(track, context: seeder).track)
            }
            let roster = DemoRoster.csv(today: seeder.today, policy: try await activePolicy(context: seeder).policy)
            report.officersCreated = try await importOfficers(
                SourceFile(fileName: "demo-roster.csv", text: roster), context: seeder
            ).inserted
            for (kind, text) in DemoRoster.records(today: seeder.today) {
                _ = try await importRecords(
                    kind, SourceFile(fileName: "demo-\(kind.rawValue).csv", text: text), context: seeder)
            }
            for (username, name, badge, grants) in DemoBureau.accounts {
                let password = Self.newToken().prefix(16).description
                _ = try await addUser(
                    NewAccount(username: username, displayName: name, password: password, badge: badge, grants: grants),
                    context: seeder)
                report.demoAccounts[username] = password
            }
            try await seedDemoTraining(into: &report, context: seeder)
            return report
        }
    }

    /// The shipped exams, certificates part of the force holds, and next week's sittings with
    /// candidates who have attended their track's hours (the demo officer among them).
    func seedDemoTraining(into report: inout DemoSeedReport, context: UseCaseContext) async throws {
        for exam in ShippedExams.files {
            report.examsCreated.append(try await createExam(exam, context: context).exam)
        }
        let officers = try await listOfficers(context: context)
        let held = DemoTraining.certificates(for: officers, today: context.today)
        report.certificatesImported =
            try await importRecords(
                .certificates, SourceFile(fileName: "demo-certificates.csv", text: DemoTraining.certificatesCSV(held)),
                context: context
            ).written
        let policy = try await activePolicy(context: context).policy
        _ = try await importRecords(
            .collegeTraining,
            SourceFile(
                fileName: "demo-college-training.csv",
                text: DemoTraining.collegeTrainingCSV(for: officers, policy: policy, today: context.today)),
            context: context)
        let holders = Set(held.map { "\($0.badge)|\($0.certificate)" })
        let tracks = try await listTracks(context: context).map(\.track)
        let exams = try await listExams(context: context).map(\.exam)
        // The demo officer first, so they are enrolled in the first sitting their track admits.
        let demoBadge = DemoBureau.accounts.compactMap(\.badge).first
        var queue = officers.sorted {
            ($0.badge == demoBadge ? 0 : 1, $0.badge) < ($1.badge == demoBadge ? 0 : 1, $1.badge)
        }
        var planned: [(DemoTraining.PlannedSitting, Track, [Officer])] = []
        for plan in DemoTraining.sittings {
            guard let exam = exams.first(where: { $0.code == plan.exam }),
                let track = tracks.first(where: { $0.code == exam.track })
            else { continue }
            let chosen = Array(
                queue.filter {
                    track.requiredFor.bar(for: $0) == nil && !holders.contains("\($0.badge)|\(track.certificate.code)")
                }
                .prefix(plan.candidates))
            queue.removeAll { officer in chosen.contains { $0.badge == officer.badge } }
            planned.append((plan, track, chosen))
        }
        let attendance = planned.flatMap { _, track, chosen in chosen.map { (badge: $0.badge, track: track) } }
        _ = try await importAttendance(
            SourceFile(
                fileName: "demo-training.csv", text: DemoTraining.attendanceCSV(attendance, today: context.today)),
            context: context)
        for (plan, _, chosen) in planned {
            let day = context.today.addingDays(plan.daysAhead)
            guard let start = context.calendar.instant(parsing: "\(day)T\(plan.startTime)") else { continue }
            let end = start.addingTimeInterval(Double(plan.minutes * 60))
            let sitting = try await scheduleSitting(
                SittingPlan(
                    exam: plan.exam, venue: plan.venue, capacity: plan.capacity, start: "\(day)T\(plan.startTime)",
                    end: context.calendar.minuteText(of: end), proctor: "demo.proctor", unit: "PSB.TRAIN"),
                context: context)
            let enrolled = try await enroll(
                chosen.map { Candidate(badge: $0.badge) }, in: sitting.code, context: context)
            report.sittings[sitting.code] = enrolled.enrolled.count
        }
        // Thirty more, who have no place next week (and the demo officer), took the
        // public-relations paper two weeks ago.
        if let track = tracks.first(where: { $0.code == "police-pr" }) {
            // The demo officer among them, so their own results show something; then those whom
            // only the missing certificate keeps from promotion (the bureau sent them first), so
            // the ones who pass are eligible with a result a promotion round can score.
            let demoOfficer = officers.filter { $0.badge == demoBadge }
            let blockedOnlyByPR = Set(
                try await readiness(context: context).officers.filter {
                    $0.unmet.map(\.rule) == [track.certificate.code]
                }
                .map(\.badge))
            let ordered =
                queue.filter { blockedOnlyByPR.contains($0.badge) }
                + queue.filter { !blockedOnlyByPR.contains($0.badge) }
            let past = (demoOfficer + ordered).filter {
                track.requiredFor.bar(for: $0) == nil && !holders.contains("\($0.badge)|\(track.certificate.code)")
            }
            _ = try await seedDemoResults(
                candidates: Array(past.prefix(30)), track: track, context: context)
        }
    }

    /// Creates the demo bureau's unit tree where units are missing; returns how many were created.
    public func ensureDemoUnits() async throws -> Int {
        let units = UnitRepository(logger: logger)
        return try await database.transaction {
            try await units.insertMissing(try DemoBureau.units.orderedParentsFirst(), on: $0)
        }
    }

    /// A deterministic demo roster of `size` officers as CSV, for the active policy.
    public func demoRosterCSV(size: Int) async throws -> String {
        let seeder = operatorContext(name: "demo-seed")
        return DemoRoster.csv(size: size, today: seeder.today, policy: try await activePolicy(context: seeder).policy)
    }
}
