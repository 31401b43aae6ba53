/// A mandatory training track: modules with required hours, who must take it, the exams that
/// close it and the certificate it grants. Tracks are data, loaded from files like the policy.
public struct Track: Sendable, Hashable, Codable {
    /// A stable code such as `computer-literacy`.
    public var code: String
    public var name: LocalizedText
    public var modules: [Module]
    /// Who must hold the track's certificate.
    public var requiredFor: Audience
    /// The exams that close the track (written, practical or both).
    public var exams: [Exam]
    /// The certificate passing the track grants.
    public var certificate: CertificateRule

    public init(
        code: String, name: LocalizedText, modules: [Module], requiredFor: Audience, exams: [Exam],
        certificate: CertificateRule
    ) {
        self.code = code
        self.name = name
        self.modules = modules
        self.requiredFor = requiredFor
        self.exams = exams
        self.certificate = certificate
    }

    /// A module of a track and the hours an officer must attend.
    public struct Module: Sendable, Hashable, Codable {
        public var code: String
        public var name: LocalizedText
        public var hours: Double

        public init(code: String, name: LocalizedText, hours: Double) {
            self.code = code
            self.name = name
            self.hours = hours
        }
    }

    /// A terminal exam of a track.
    public struct Exam: Sendable, Hashable, Codable {
        /// Written (items on a terminal) or practical (stations scored by an examiner).
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            case written, practical
        }

        public var code: String
        public var kind: Kind

        public init(code: String, kind: Kind) {
            self.code = code
            self.kind = kind
        }
    }

    /// Who must hold a track's certificate: every condition given must hold (none given: every
    /// officer).
    public struct Audience: Sendable, Hashable, Codable {
        /// Officers younger than this on the date (computer literacy: under 50).
        public var underAge: Int?
        /// Only officers of these duty types (practical skills: frontline).
        public var dutyTypes: [Officer.DutyType]?
        /// Only officers holding one of these ranks (initial training: the first rank).
        public var ranks: [String]?
        /// Required only for a promotion step (checked by the eligibility rules), never held as a
        /// standing requirement (promotion training).
        public var promotionOnly: Bool?

        public init(
            underAge: Int? = nil, dutyTypes: [Officer.DutyType]? = nil, ranks: [String]? = nil,
            promotionOnly: Bool? = nil
        ) {
            self.underAge = underAge
            self.dutyTypes = dutyTypes
            self.ranks = ranks
            self.promotionOnly = promotionOnly
        }

        /// Whether `officer` must hold the certificate on `day` (officers hired after it never do).
        public func includes(_ officer: Officer, on day: CalendarDay) -> Bool {
            if promotionOnly == true || officer.hireDate > day { return false }
            if let underAge, officer.age(on: day) >= underAge { return false }
            if let dutyTypes, !dutyTypes.contains(officer.dutyType) { return false }
            if let ranks, !ranks.contains(officer.rank) { return false }
            return true
        }
    }
}

/// The certificate a track grants and how long it stays valid.
public struct CertificateRule: Sendable, Hashable, Codable {
    /// How long a certificate stays valid after it is issued.
    public enum Validity: Sendable, Hashable, Codable {
        /// It never expires.
        case unlimited
        /// It expires after this many years.
        case years(Int)
        /// It expires at the end of the calendar year it was issued in (an annual must-train).
        case endOfYear

        /// As track files write it: `none`, `end-of-year`, or a whole number of years.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let years = try? container.decode(Int.self) {
                self = .years(years)
                return
            }
            switch try container.decode(String.self) {
            case "none": self = .unlimited
            case "end-of-year": self = .endOfYear
            case let other:
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(other)' is not none, end-of-year or a number of years")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .unlimited: try container.encode("none")
            case .years(let years): try container.encode(years)
            case .endOfYear: try container.encode("end-of-year")
            }
        }
    }

    /// The code must-train rules name, such as `computer-literacy`.
    public var code: String
    public var validity: Validity

    public init(code: String, validity: Validity) {
        self.code = code
        self.validity = validity
    }

    /// The last day a certificate issued on `issued` is valid, or nil when it never expires.
    public func validUntil(issuedOn issued: CalendarDay) -> CalendarDay? {
        switch validity {
        case .unlimited: nil
        case .years(let years): issued.addingMonths(12 * years).addingDays(-1)
        case .endOfYear: CalendarDay(year: issued.year, month: 12, day: 31)
        }
    }
}
