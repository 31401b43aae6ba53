/// How a trainer marks an essay: criteria, each with levels worth points.
public struct Rubric: Sendable, Hashable, Codable {
    /// One aspect the answer is judged on.
    public struct Criterion: Sendable, Hashable, Codable {
        public var name: LocalizedText
        public var levels: [Level]

        public init(name: LocalizedText, levels: [Level]) {
            self.name = name
            self.levels = levels
        }

        /// The points of the best level.
        public var maximumPoints: Double { levels.map(\.points).max() ?? 0 }
    }

    /// One level of a criterion, such as "clear and complete".
    public struct Level: Sendable, Hashable, Codable {
        public var label: LocalizedText
        public var points: Double

        public init(label: LocalizedText, points: Double) {
            self.label = label
            self.points = points
        }
    }

    public var criteria: [Criterion]

    public init(criteria: [Criterion]) {
        self.criteria = criteria
    }

    /// The points of a perfect answer: every criterion at its best level.
    public var maximumPoints: Double { criteria.map(\.maximumPoints).reduce(0, +) }
}
