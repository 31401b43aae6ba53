/// An exam built from a blueprint over one pinned bank version: what it draws, how long it lasts,
/// how it passes, and what candidates may see afterwards.
public struct ExamDefinition: Sendable, Hashable, Codable {
    public var code: String
    public var title: LocalizedText
    /// The track the exam closes.
    public var track: String
    /// The bank and the version the exam pins: forms never change when the bank does.
    public var bank: String
    public var bankVersion: Int
    public var sections: [Section]
    public var timeLimitMinutes: Int
    /// The pass mark, as a percentage of the exam's points.
    public var passPercent: Double
    /// Named bands from their lowest percentage, best first (excellent 90, good 80, pass 60).
    public var bands: [Band]
    /// Attempts allowed per officer.
    public var attemptsAllowed: Int
    /// Days to wait after a failed attempt before the next.
    public var cooldownDays: Int
    public var shuffleItems: Bool
    public var shuffleOptions: Bool
    public var review: ReviewPolicy
    /// Double marking of essays and practical stations; nil when one mark decides.
    public var secondMarking: SecondMarking?

    public init(
        code: String, title: LocalizedText, track: String, bank: String, bankVersion: Int, sections: [Section],
        timeLimitMinutes: Int, passPercent: Double, bands: [Band], attemptsAllowed: Int, cooldownDays: Int,
        shuffleItems: Bool, shuffleOptions: Bool, review: ReviewPolicy, secondMarking: SecondMarking? = nil
    ) {
        self.code = code
        self.title = title
        self.track = track
        self.bank = bank
        self.bankVersion = bankVersion
        self.sections = sections
        self.timeLimitMinutes = timeLimitMinutes
        self.passPercent = passPercent
        self.bands = bands
        self.attemptsAllowed = attemptsAllowed
        self.cooldownDays = cooldownDays
        self.shuffleItems = shuffleItems
        self.shuffleOptions = shuffleOptions
        self.review = review
        self.secondMarking = secondMarking
    }

    /// One blueprint section: which items qualify, how many to draw and what each is worth.
    public struct Section: Sendable, Hashable, Codable {
        public var name: String
        /// Items with any of these topics (any topic when empty).
        public var topics: [String]
        /// Items of these kinds, by kind name (any kind when empty).
        public var kinds: [String]
        /// Items of this difficulty (any when nil).
        public var difficulty: Difficulty?
        public var count: Int
        /// Points each drawn item is worth in this exam.
        public var points: Double

        public init(
            name: String, topics: [String] = [], kinds: [String] = [], difficulty: Difficulty? = nil, count: Int,
            points: Double
        ) {
            self.name = name
            self.topics = topics
            self.kinds = kinds
            self.difficulty = difficulty
            self.count = count
            self.points = points
        }

        /// Whether `item` may be drawn for this section.
        public func admits(_ item: Item) -> Bool {
            (topics.isEmpty || !Set(topics).isDisjoint(with: item.topics))
                && (kinds.isEmpty || kinds.contains(item.kind.name))
                && (difficulty.map { $0 == item.difficulty } ?? true)
                && item.kind != .description
        }

        /// The requirement in words: "10 medium single-choice items on spreadsheets".
        public var requirement: String {
            var words = ["\(count)"]
            if let difficulty { words.append(difficulty.rawValue) }
            words.append(kinds.isEmpty ? "items" : kinds.joined(separator: "/") + " items")
            if !topics.isEmpty { words.append("on " + topics.joined(separator: ", ")) }
            return words.joined(separator: " ")
        }
    }

    /// A named result band from its lowest percentage.
    public struct Band: Sendable, Hashable, Codable {
        public var name: String
        public var fromPercent: Double

        public init(name: String, fromPercent: Double) {
            self.name = name
            self.fromPercent = fromPercent
        }
    }

    /// What a candidate sees after submitting.
    public enum ReviewPolicy: String, Sendable, Hashable, Codable, CaseIterable {
        /// Nothing until results are released.
        case none
        /// The score, percent, pass or fail and band.
        case score
        /// The score and their own responses with feedback.
        case responses
    }

    /// The exam's total points.
    public var totalPoints: Double { sections.map { Double($0.count) * $0.points }.reduce(0, +) }

    /// The band a percentage falls in, if any.
    public func band(forPercent percent: Double) -> String? {
        bands.sorted { $0.fromPercent > $1.fromPercent }.first { percent >= $0.fromPercent }?.name
    }

    /// Each section's shortfall against a bank version's items, in words ("section 'spreadsheets'
    /// needs 10 medium items; bank computer-literacy version 3 has 7"). Sections draw disjoint
    /// items, in order: an item a section takes is not available to a later one.
    public func shortfalls(in items: [Item]) -> [String] {
        var used: Set<String> = []
        var problems: [String] = []
        for section in sections {
            let available = items.filter { section.admits($0) && !used.contains($0.id) }
            if available.count < section.count {
                problems.append(
                    "section '\(section.name)' needs \(section.requirement); bank \(bank) version \(bankVersion) has \(available.count)"
                )
            }
            used.formUnion(available.prefix(section.count).map(\.id))
        }
        return problems
    }
}
