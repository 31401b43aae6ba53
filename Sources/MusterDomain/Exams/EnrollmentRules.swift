import Foundation

/// Why an officer cannot be enrolled in a sitting: a stable code scripts match on.
public enum EnrollmentRefusal: String, Sendable, Hashable, Codable, CaseIterable {
    /// The badge names no officer the caller reaches.
    case officerNotFound = "officer_not_found"
    /// The badge appears twice in one request.
    case listedTwice = "listed_twice"
    /// The sitting was cancelled or has started.
    case sittingClosed = "sitting_closed"
    /// The track is not for this officer (duty type or rank).
    case notInAudience = "not_in_audience"
    /// The officer has not attended every module's required hours.
    case modulesIncomplete = "modules_incomplete"
    /// Every attempt the exam allows is taken by places already held.
    case noAttemptsLeft = "no_attempts_left"
    /// A place in another sitting of the same exam is too close: a retake waits the cooldown.
    case cooldown
    /// The officer holds a place in another sitting at the same time.
    case overlappingSitting = "overlapping_sitting"
    /// The sitting's window cannot hold the exam's time limit plus the accommodation.
    case accommodationTooLong = "accommodation_too_long"
    /// Not enough seats are left.
    case sittingFull = "sitting_full"
}

/// One refused candidate: who, the stable reason and a sentence saying why.
public struct EnrollmentProblem: Sendable, Hashable, Codable {
    public var badge: String
    public var reason: EnrollmentRefusal
    public var message: String

    public init(badge: String, reason: EnrollmentRefusal, message: String) {
        self.badge = badge
        self.reason = reason
        self.message = message
    }

    /// `P100002: modules_incomplete: …`, the form errors list refusals in.
    public var line: String { "\(badge): \(reason.rawValue): \(message)" }
}

/// The enrollment rules for one candidate and one sitting (pure: the caller reads the officer's
/// hours and commitments from the store).
public struct EnrollmentRules: Sendable {
    public var sitting: Sitting
    public var exam: ExamDefinition
    /// The bureau's calendar, for days (cooldown) and the sitting's date (audience).
    public var calendar: BureauCalendar
    public var now: Date

    public init(sitting: Sitting, exam: ExamDefinition, calendar: BureauCalendar, now: Date) {
        self.sitting = sitting
        self.exam = exam
        self.calendar = calendar
        self.now = now
    }

    /// Why the sitting takes no candidates at all, if it does not.
    public var closedReason: String? {
        if sitting.status == .cancelled { return "sitting \(sitting.code) was cancelled" }
        if sitting.startsAt <= now {
            return
                "sitting \(sitting.code) started at \(calendar.minuteText(of: sitting.startsAt)); enrollment closes at the start"
        }
        return nil
    }

    /// Every rule `officer` breaks for this sitting, in the order a person reads them.
    ///
    /// - Parameters:
    ///   - track: the track the exam closes.
    ///   - hours: hours attended per module code of the track.
    ///   - commitments: the sittings (not cancelled) the officer holds a place in, other than this one.
    ///   - accommodationMinutes: extra minutes asked for this candidate.
    public func problems(
        for officer: Officer, track: Track, hours: [String: Double], commitments: [Commitment],
        accommodationMinutes: Int
    ) -> [EnrollmentProblem] {
        var problems: [EnrollmentProblem] = []
        func refuse(_ reason: EnrollmentRefusal, _ message: String) {
            problems.append(EnrollmentProblem(badge: officer.badge, reason: reason, message: message))
        }
        if let bar = track.requiredFor.bar(for: officer) {
            refuse(.notInAudience, "track \(track.code) is \(bar)")
        }
        let short = track.modules.compactMap { module -> String? in
            let attended = hours[module.code] ?? 0
            guard attended < module.hours else { return nil }
            return "\(Self.hours(attended)) of \(Self.hours(module.hours)) hours of module \(module.code)"
        }
        if !short.isEmpty {
            refuse(.modulesIncomplete, "\(officer.badge) has attended " + short.joined(separator: ", "))
        }
        let sameExam = commitments.filter { $0.exam == exam.code }.sorted { $0.startsAt < $1.startsAt }
        if sameExam.count >= exam.attemptsAllowed {
            refuse(
                .noAttemptsLeft,
                "\(officer.badge) already holds places in \(sameExam.count) sittings of \(exam.code) "
                    + "(\(sameExam.map(\.sitting).joined(separator: ", "))); the exam allows \(exam.attemptsAllowed) attempts"
            )
        }
        return problems
            + timingProblems(for: officer.badge, commitments: commitments, accommodationMinutes: accommodationMinutes)
    }

    /// The rules that depend on when the sitting is (which moving it can break): the cooldown
    /// between sittings of one exam, no clash with another sitting, the accommodation inside the window.
    public func timingProblems(
        for badge: String, commitments: [Commitment], accommodationMinutes: Int
    ) -> [EnrollmentProblem] {
        var problems: [EnrollmentProblem] = []
        func refuse(_ reason: EnrollmentRefusal, _ message: String) {
            problems.append(EnrollmentProblem(badge: badge, reason: reason, message: message))
        }
        let sameExam = commitments.filter { $0.exam == exam.code }.sorted { $0.startsAt < $1.startsAt }
        if exam.cooldownDays > 0, let near = sameExam.first(where: { tooClose($0) }) {
            refuse(
                .cooldown,
                "\(badge) holds a place in \(near.sitting) of the same exam on \(calendar.day(of: near.startsAt)); "
                    + "sittings of one exam must be at least \(exam.cooldownDays) days apart, the cooldown after a fail"
            )
        }
        if let clash = commitments.first(where: { sitting.overlaps(start: $0.startsAt, end: $0.endsAt) }) {
            refuse(
                .overlappingSitting,
                "\(badge) is enrolled in \(clash.sitting) (\(clash.exam), "
                    + "\(calendar.minuteText(of: clash.startsAt))–\(calendar.minuteText(of: clash.endsAt))) at the same time"
            )
        }
        let needed = exam.timeLimitMinutes + accommodationMinutes
        if accommodationMinutes > 0, needed > sitting.windowMinutes {
            refuse(
                .accommodationTooLong,
                "the exam's \(exam.timeLimitMinutes) minutes plus \(accommodationMinutes) extra need \(needed) minutes; "
                    + "sitting \(sitting.code) lasts \(sitting.windowMinutes)"
            )
        }
        return problems
    }

    /// Whether `other` (a sitting of the same exam) is within the cooldown of this sitting, in
    /// either order: whichever comes first, the later must start `cooldownDays` days after it.
    func tooClose(_ other: Commitment) -> Bool {
        let (first, later) =
            other.startsAt < sitting.startsAt
            ? (calendar.day(of: other.startsAt), calendar.day(of: sitting.startsAt))
            : (calendar.day(of: sitting.startsAt), calendar.day(of: other.startsAt))
        return later < first.addingDays(exam.cooldownDays)
    }

    /// Hours as people write them: `8`, `2.5`.
    public static func hours(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

extension Track.Audience {
    /// Why `officer` may not take the track at all, or nil when they may.
    ///
    /// Duty type and rank conditions bar an officer; age does not (an officer past the age limit
    /// is exempt, not barred) and promotion-only tracks are open to everyone preparing for a step.
    public func bar(for officer: Officer) -> String? {
        if promotionOnly == true { return nil }
        if let dutyTypes, !dutyTypes.contains(officer.dutyType) {
            return
                "for \(dutyTypes.map(\.rawValue).joined(separator: "/")) officers; \(officer.badge) is \(officer.dutyType.rawValue)"
        }
        if let ranks, !ranks.contains(officer.rank) {
            return "for the rank(s) \(ranks.joined(separator: ", ")); \(officer.badge) holds \(officer.rank)"
        }
        return nil
    }
}

/// The verdict on one enrollment request: whom to write, who already holds the place, and every
/// refusal tied to the request entry it concerns (all or nothing: write only when none).
public struct EnrollmentJudgement: Sendable, Hashable {
    /// A refusal and the index of the request entry it concerns.
    public struct Refusal: Sendable, Hashable {
        public var index: Int
        public var problem: EnrollmentProblem
    }

    /// Indices of entries to write: new places, or held places whose accommodation changes.
    public var admitted: [Int] = []
    /// Badges already holding the place as asked.
    public var unchanged: [String] = []
    /// How many of the admitted take a new seat.
    public var newPlaces = 0
    /// Every refusal, in the order of the request's entries.
    public var refusals: [Refusal] = []
}

extension EnrollmentRules {
    /// Judges a whole request against the sitting: duplicates, officers out of reach, each
    /// candidate's rules, and the seats left.
    ///
    /// - Parameters:
    ///   - requests: badges with the extra minutes asked for each, in request order.
    ///   - officers: the officers the caller reaches among them, by badge.
    ///   - held: accommodation minutes of the places already held in this sitting, by badge.
    public func judge(
        _ requests: [(badge: String, accommodationMinutes: Int)], officers: [String: Officer], track: Track,
        hours: [String: [String: Double]], commitments: [String: [Commitment]], held: [String: Int]
    ) -> EnrollmentJudgement {
        var judgement = EnrollmentJudgement()
        var seen: Set<String> = []
        var newPlaces: [Int] = []
        for (index, request) in requests.enumerated() {
            func refuse(_ problems: [EnrollmentProblem]) {
                judgement.refusals += problems.map { EnrollmentJudgement.Refusal(index: index, problem: $0) }
            }
            let badge = request.badge
            guard seen.insert(badge).inserted else {
                refuse([EnrollmentProblem(badge: badge, reason: .listedTwice, message: "\(badge) is named twice")])
                continue
            }
            guard let officer = officers[badge] else {
                refuse([
                    EnrollmentProblem(
                        badge: String(badge.prefix(40)), reason: .officerNotFound,
                        message: "no officer with badge '\(badge.prefix(40))' in your scope")
                ])
                continue
            }
            let mine = commitments[badge] ?? []
            if let minutes = held[badge] {
                if minutes == request.accommodationMinutes {
                    judgement.unchanged.append(badge)
                } else {
                    refuse(
                        timingProblems(
                            for: badge, commitments: mine, accommodationMinutes: request.accommodationMinutes))
                    judgement.admitted.append(index)
                }
                continue
            }
            refuse(
                problems(
                    for: officer, track: track, hours: hours[badge] ?? [:], commitments: mine,
                    accommodationMinutes: request.accommodationMinutes))
            judgement.admitted.append(index)
            newPlaces.append(index)
        }
        judgement.newPlaces = newPlaces.count
        let seats = sitting.seatsLeft
        for index in newPlaces.dropFirst(seats) {
            let noun = newPlaces.count == 1 ? "candidate" : "candidates"
            judgement.refusals.append(
                EnrollmentJudgement.Refusal(
                    index: index,
                    problem: EnrollmentProblem(
                        badge: requests[index].badge, reason: .sittingFull,
                        message: "sitting \(sitting.code) has \(seats) seats left for \(newPlaces.count) new \(noun)")))
        }
        judgement.refusals = judgement.refusals.enumerated()
            .sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }.map(\.element)
        return judgement
    }
}
