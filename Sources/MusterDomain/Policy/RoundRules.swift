/// How a promotion round ranks the eligible: a composite score from weighted parts (each with an
/// optional minimum), how long the frozen list stays valid, and how many candidates each vacancy
/// is filled from.
public struct RoundRules: Sendable, Hashable, Codable {
    /// One part of the composite score.
    public struct Part: Sendable, Hashable, Codable {
        /// What the part measures.
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            /// The best final result (percent) on the round's exams within ``RoundRules/examYears``.
            case exam
            /// The mean of the latest ``RoundRules/assessmentYears`` annual assessments, in grade points.
            case assessments
            /// Years in the current rank, 100 at ``RoundRules/seniorityFullYears``.
            case seniority
        }

        public var kind: Kind
        /// The part's weight; weights need not add up to 100.
        public var weight: Double
        /// The lowest score (0-100) a candidate may have in this part to be listed.
        public var minimum: Double?

        public init(kind: Kind, weight: Double, minimum: Double? = nil) {
            self.kind = kind
            self.weight = weight
            self.minimum = minimum
        }
    }

    public var parts: [Part]
    /// Years the frozen list stays valid.
    public var validityYears: Int
    /// Candidates considered per vacancy (the rule of three: 3).
    public var perVacancy: Int
    /// The exams whose results count; empty for any exam.
    public var exams: [String]
    /// Results handed in within this many years before the round count.
    public var examYears: Int
    /// How many of the latest annual assessments count.
    public var assessmentYears: Int
    /// Points (0-100) per assessment grade.
    public var gradePoints: [String: Double]
    /// Years in rank that give the full seniority score.
    public var seniorityFullYears: Int

    public init(
        parts: [Part], validityYears: Int = 2, perVacancy: Int = 3, exams: [String] = [], examYears: Int = 3,
        assessmentYears: Int = 3, gradePoints: [String: Double] = [:], seniorityFullYears: Int = 10
    ) {
        self.parts = parts
        self.validityYears = validityYears
        self.perVacancy = perVacancy
        self.exams = exams
        self.examYears = examYears
        self.assessmentYears = assessmentYears
        self.gradePoints = gradePoints
        self.seniorityFullYears = seniorityFullYears
    }

    /// The rules a policy without a `promotion_rounds` section uses: exam 50% (at least 60),
    /// assessments 30%, seniority 20%; valid two years; three candidates per vacancy; grades
    /// passing review score 100 (the best) or 80, the others 40 and 0.
    public static func standard(for policy: PromotionPolicy) -> RoundRules {
        var points: [String: Double] = [:]
        for (index, grade) in policy.assessmentGrades.enumerated() {
            points[grade.code] = grade.passesReview ? (index == 0 ? 100 : 80) : (grade.countsTowardSeniority ? 40 : 0)
        }
        return RoundRules(
            parts: [
                Part(kind: .exam, weight: 50, minimum: 60), Part(kind: .assessments, weight: 30),
                Part(kind: .seniority, weight: 20),
            ],
            gradePoints: points)
    }
}

extension PromotionPolicy {
    /// The policy's round rules, or the standard ones when it sets none.
    public var roundRules: RoundRules {
        guard var rules = promotionRounds else { return .standard(for: self) }
        if rules.gradePoints.isEmpty { rules.gradePoints = RoundRules.standard(for: self).gradePoints }
        return rules
    }
}
