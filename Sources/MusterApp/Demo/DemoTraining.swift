import MusterDomain

/// The demo bureau's training picture: certificates part of the force already holds (some
/// expired, some expiring soon), the hours candidates have attended, and next week's sittings.
enum DemoTraining {
    /// A demo sitting: its exam, where, how many seats, how many days from today and when.
    struct PlannedSitting {
        var exam: String
        var venue: String
        var capacity: Int
        var daysAhead: Int
        var startTime: String
        var minutes: Int
        var candidates: Int
    }

    /// Next week's sittings, run by the demo proctor at the training centre.
    static let sittings: [PlannedSitting] = [
        PlannedSitting(
            exam: "computer-literacy-written", venue: "训练中心第一考场 Training Centre exam room 1", capacity: 30,
            daysAhead: 7, startTime: "09:00", minutes: 90, candidates: 16),
        PlannedSitting(
            exam: "police-pr-written", venue: "训练中心第一考场 Training Centre exam room 1", capacity: 30,
            daysAhead: 8, startTime: "09:00", minutes: 90, candidates: 12),
        PlannedSitting(
            exam: "practical-skills-theory", venue: "训练中心第二考场 Training Centre exam room 2", capacity: 24,
            daysAhead: 9, startTime: "14:00", minutes: 90, candidates: 12),
    ]

    /// One certificate an officer holds from before Muster.
    struct DemoCertificate {
        var badge: String
        var certificate: String
        var issued: CalendarDay
    }

    /// Deterministic certificates for the roster: everyone finished initial training four months
    /// after being hired; two in three hold computer literacy; one in four took the
    /// public-relations course one to three years ago (so some have just expired and some expire
    /// within weeks) and one in four within the last two years; three in five took promotion
    /// training since reaching their rank; half the frontline hold this year's practical-skills
    /// certificate, valid to 31 December, and one in five of the rest last year's, already expired.
    static func certificates(for officers: [Officer], today: CalendarDay) -> [DemoCertificate] {
        var random = SeededGenerator(seed: 20_261_126)
        var held: [DemoCertificate] = []
        for (index, officer) in officers.enumerated() {
            let roll = Int(random.next() % 10_000)
            func add(_ certificate: String, daysAgo: Int) {
                let issued = max(officer.hireDate, today.addingDays(-daysAgo))
                held.append(DemoCertificate(badge: officer.badge, certificate: certificate, issued: issued))
            }
            if officer.hireDate.addingDays(120) <= today {
                add("initial-training", daysAgo: officer.hireDate.addingDays(120).daysUntil(today))
            }
            if index % 3 != 0 { add("computer-literacy", daysAgo: 30 + roll % 2500) }
            if index % 4 == 1 { add("police-pr", daysAgo: 700 + roll % 500) }
            if index % 4 == 2 { add("police-pr", daysAgo: 20 + roll % 680) }
            let inRank = officer.rankSince.daysUntil(today)
            if index % 5 < 3, inRank > 30 { add("promotion-training", daysAgo: roll % inRank) }
            guard officer.dutyType == .frontline else { continue }
            let dayOfYear = CalendarDay(year: today.year, month: 1, day: 1).daysUntil(today)
            if index % 2 == 0 {
                add("practical-skills", daysAgo: roll % max(1, dayOfYear))
            } else if index % 5 == 1 {
                add("practical-skills", daysAgo: dayOfYear + 1 + roll % 200)
            }
        }
        return held
    }

    /// Police-college training for half of the officers whose next step crosses a tier boundary,
    /// as a records file (`badge,rank,completed`).
    static func collegeTrainingCSV(for officers: [Officer], policy: PromotionPolicy, today: CalendarDay) -> String {
        var lines = ["badge,rank,completed"]
        for (index, officer) in officers.enumerated() where index % 2 == 0 {
            guard let next = policy.nextRank(after: officer.rank), next.requiresCollegeTraining else { continue }
            lines.append("\(officer.badge),\(next.code),\(today.addingDays(-(40 + index % 400)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The certificates as a records file (`badge,certificate,issued`).
    static func certificatesCSV(_ held: [DemoCertificate]) -> String {
        (["badge,certificate,issued"] + held.map { "\($0.badge),\($0.certificate),\($0.issued)" })
            .joined(separator: "\n") + "\n"
    }

    /// Attendance covering every module's hours of `track` for each candidate, in days of at most
    /// eight hours counting back from a week ago, as a training file.
    static func attendanceCSV(_ candidates: [(badge: String, track: Track)], today: CalendarDay) -> String {
        var lines = ["badge,track,module,date,hours"]
        for (badge, track) in candidates {
            var day = today.addingDays(-7)
            for module in track.modules {
                var remaining = module.hours
                while remaining > 0 {
                    let hours = min(8, remaining)
                    lines.append("\(badge),\(track.code),\(module.code),\(day),\(EnrollmentRules.hours(hours))")
                    remaining -= hours
                    day = day.addingDays(-1)
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
