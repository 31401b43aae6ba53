import MusterDomain

/// A compact copy of the default ladder's rules, built by hand so each case's expected dates can
/// be worked out on paper.
enum EligibilityFixtures {
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    static func rank(
        _ code: String, years: Int? = nil, _ advancement: Rank.Advancement = .interval, college: Bool = false,
        intervals: [Rank.Interval]? = nil
    ) -> Rank {
        Rank(
            code: code, name: LocalizedText(["en": code, "zh-CN": code]), advancement: advancement,
            intervals: intervals ?? years.map { [Rank.Interval(years: $0)] } ?? [], requiresCollegeTraining: college)
    }

    static func named(_ code: String) -> LocalizedText { LocalizedText(["en": code, "zh-CN": code]) }

    static let policy = PromotionPolicy(
        name: "fixture", title: named("fixture"),
        ranks: [
            rank("c2", years: 3), rank("c1", years: 3), rank("s3", years: 3), rank("s2", years: 3),
            rank("s1", years: 4), rank("v3", years: 4, college: true), rank("v2", years: 4), rank("v1"),
            rank("m3", .selection, college: true), rank("m2", .selection), rank("g", .appointment),
        ],
        posts: [
            Post(code: "clerk", name: named("clerk"), floorRank: "c2", ceilingRank: "s1"),
            Post(code: "staff", name: named("staff"), floorRank: "s3", ceilingRank: "v3"),
            Post(code: "chief", name: named("chief"), floorRank: "v2", ceilingRank: "m3"),
            Post(code: "bureau", name: named("bureau"), floorRank: "m3", ceilingRank: "g"),
        ],
        assessmentGrades: [
            AssessmentGrade(
                code: "excellent", name: named("excellent"), countsTowardSeniority: true, passesReview: true),
            AssessmentGrade(
                code: "competent", name: named("competent"), countsTowardSeniority: true, passesReview: true),
            AssessmentGrade(code: "basic", name: named("basic"), countsTowardSeniority: true, passesReview: false),
            AssessmentGrade(
                code: "incompetent", name: named("incompetent"), countsTowardSeniority: false, passesReview: false),
        ],
        sanctions: [
            SanctionKind(code: "warning", name: named("warning"), blockingMonths: 6),
            SanctionKind(code: "demotion", name: named("demotion"), blockingMonths: 24, restartsInterval: true),
        ],
        qualificationLevels: [
            QualificationLevel(code: "basic", name: named("basic"), validityYears: 5, requiredForPromotion: true),
            QualificationLevel(
                code: "intermediate", name: named("intermediate"), validityYears: 5, requiredForPromotion: false,
                requiredFromRank: "v2"),
        ],
        merits: [Merit(code: "merit-1", name: named("merit-1"), shortensYears: 2, minimumYearsInRank: 1)],
        mustTrain: [
            MustTrainRule(toRank: nil, certificate: "computer-literacy", onlyUnderAge: 50),
            MustTrainRule(toRank: nil, certificate: "police-pr"),
            MustTrainRule(toRank: nil, certificate: "promotion-training", sinceCurrentRank: true),
            MustTrainRule(toRank: "c1", certificate: "initial-training"),
            MustTrainRule(toRank: nil, certificate: "practical-skills", dutyTypes: [.frontline]),
        ],
        selectionBoard: SelectionBoard(
            yearsInPost: 2, yearsInRank: 4, assessmentYears: 3, assessmentGrades: ["excellent", "competent"],
            needsOneOf: ["excellent"])
    )

    /// A frontline officer born 1990-03-01 holding `rank` since `since` in `post`, with every
    /// record a promotion needs on 2026-06-15: good assessments, valid certificates and
    /// qualification. Cases take things away or add them.
    static func record(
        rank: String = "c1", since: String = "2023-06-15", post: String = "clerk", postSince: String = "2020-01-01",
        born: String = "1990-03-01", duty: Officer.DutyType = .frontline
    ) -> PromotionRecord {
        let officer = Officer(
            badge: "B1", name: "Officer", sex: .male, birthDate: day(born), unit: "U1", hireDate: day("2015-01-01"),
            dutyType: duty, rank: rank, rankSince: day(since), post: post, postSince: day(postSince), education: "")
        func certificate(_ code: String, _ issued: String, _ until: String? = nil) -> HeldCertificate {
            HeldCertificate(
                badge: "B1", code: code, issued: day(issued), validUntil: until.map(day), revokedOn: nil)
        }
        return PromotionRecord(
            officer: officer,
            assessments: [2023, 2024, 2025].map {
                AnnualAssessment(year: $0, grade: $0 == 2024 ? "excellent" : "competent")
            },
            qualifications: [QualificationRecord(level: "basic", passed: day("2024-01-10"))],
            certificates: [
                certificate("computer-literacy", "2016-05-01"),
                certificate("police-pr", "2025-01-01", "2027-12-31"),
                certificate("promotion-training", day(since) > day("2025-02-01") ? since : "2025-02-01"),
                certificate("initial-training", "2015-06-01"),
                certificate("practical-skills", "2026-01-05", "2026-12-31"),
            ]
        )
    }

    static let engine = EligibilityEngine(policy: policy)
}
