/// A practical test station: what is measured and how a measurement becomes a score.
public struct PracticalStation: Sendable, Hashable, Codable {
    /// What the examiner records.
    public enum Measurement: String, Sendable, Hashable, Codable, CaseIterable {
        /// Seconds taken (shuttle run, 1000 m).
        case time
        /// Repetitions (pull-ups, sit-ups).
        case count
        /// Metres (standing long jump).
        case distance
        /// Hits or rings scored (shooting).
        case hits
    }

    public var measurement: Measurement
    /// The unit shown to the examiner, such as `s`, `reps`, `m`, `rings`.
    public var unit: String
    public var table: ScoringTable

    public init(measurement: Measurement, unit: String, table: ScoringTable) {
        self.measurement = measurement
        self.unit = unit
        self.table = table
    }
}

/// A banded scoring table keyed by sex and age group on the day of the test.
public struct ScoringTable: Sendable, Hashable, Codable {
    /// Whether a smaller or a larger measurement is better.
    public enum Direction: String, Sendable, Hashable, Codable {
        /// Times: the faster the better.
        case lowerIsBetter = "lower"
        /// Counts, distances, hits: the more the better.
        case higherIsBetter = "higher"
    }

    /// One band: a measurement at least this good earns these points.
    public struct Band: Sendable, Hashable, Codable {
        public var threshold: Double
        public var points: Double

        public init(threshold: Double, points: Double) {
            self.threshold = threshold
            self.points = points
        }
    }

    /// The bands for one sex and age range.
    public struct Group: Sendable, Hashable, Codable {
        public var sex: Sex
        /// The youngest age in the group, inclusive.
        public var minimumAge: Int
        /// The oldest age in the group, inclusive.
        public var maximumAge: Int
        public var bands: [Band]
        /// True when the thresholds are stand-ins, not taken from the official standard.
        public var placeholder: Bool

        public init(sex: Sex, minimumAge: Int, maximumAge: Int, bands: [Band], placeholder: Bool = false) {
            self.sex = sex
            self.minimumAge = minimumAge
            self.maximumAge = maximumAge
            self.bands = bands
            self.placeholder = placeholder
        }
    }

    public var direction: Direction
    public var groups: [Group]
    /// The points of the best band, against which a score is a fraction.
    public var maximumPoints: Double

    public init(direction: Direction, groups: [Group], maximumPoints: Double = 100) {
        self.direction = direction
        self.groups = groups
        self.maximumPoints = maximumPoints
    }

    /// The group for a candidate of `sex` aged `age`, if the table covers them.
    public func group(for sex: Sex, age: Int) -> Group? {
        groups.first { $0.sex == sex && (age >= $0.minimumAge && age <= $0.maximumAge) }
    }

    /// The points a measurement earns in `group`: the best band it reaches, or 0.
    public func points(for measurement: Double, in group: Group) -> Double {
        group.bands.filter { band in
            switch direction {
            case .lowerIsBetter: measurement <= band.threshold + 1e-9
            case .higherIsBetter: measurement >= band.threshold - 1e-9
            }
        }.map(\.points).max() ?? 0
    }
}
