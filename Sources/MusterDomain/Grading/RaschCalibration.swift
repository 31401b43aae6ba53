import Foundation

/// A Rasch (one-parameter logistic) calibration of item difficulty from the responses, by joint
/// maximum likelihood: person abilities and item difficulties in logits, difficulties centred on
/// zero, with standard errors and infit/outfit mean squares. Marks count as the share of the
/// item's maximum (partial credit as a fractional score), so every item kind takes part.
///
/// Persons and items with extreme scores (nothing or everything right) have no finite estimate
/// and are left out, repeatedly, as is usual. No bias correction is applied: joint estimates
/// spread wider than conditional ones on short tests (twice as wide on a two-item test).
public struct RaschCalibration: Sendable, Hashable, Codable {
    /// One item's calibration.
    public struct ItemEstimate: Sendable, Hashable, Codable {
        public var item: String
        /// Responses it was estimated from.
        public var responses: Int
        /// Difficulty in logits (higher is harder), centred on the mean of the estimated items.
        public var difficulty: Double
        public var standardError: Double
        /// Information-weighted mean square of the residuals (1 is as the model expects).
        public var infit: Double
        /// Unweighted mean square of the standardised residuals.
        public var outfit: Double
    }

    public var items: [ItemEstimate]
    /// Items left out for extreme scores: everyone right (`all`) or nobody (`none`).
    public var extremeItems: [String: String]
    /// Persons (attempts) estimated; the rest had extreme scores.
    public var persons: Int
    public var iterations: Int
    public var converged: Bool

    /// Calibrates the items of `attempts`.
    public init(_ attempts: [AttemptMarks], maximumIterations: Int = 500, tolerance: Double = 1e-7) {
        // Observations: (person, item, score in 0...1).
        var itemIndex: [String: Int] = [:]
        var names: [String] = []
        var observations: [(person: Int, item: Int, score: Double)] = []
        for (person, attempt) in attempts.enumerated() {
            for mark in attempt.marks where mark.maximum > 0 {
                let item =
                    itemIndex[mark.item]
                    ?? {
                        itemIndex[mark.item] = names.count
                        names.append(mark.item)
                        return names.count - 1
                    }()
                observations.append((person, item, min(1, max(0, mark.earned / mark.maximum))))
            }
        }
        var activePerson = [Bool](repeating: true, count: attempts.count)
        var activeItem = [Bool](repeating: true, count: names.count)
        var extreme: [String: String] = [:]
        // Drop extreme persons and items until none is left (dropping one may make another extreme).
        while true {
            var personScore = [Double](repeating: 0, count: attempts.count)
            var personCount = [Double](repeating: 0, count: attempts.count)
            var itemScore = [Double](repeating: 0, count: names.count)
            var itemCount = [Double](repeating: 0, count: names.count)
            for observation in observations where activePerson[observation.person] && activeItem[observation.item] {
                personScore[observation.person] += observation.score
                personCount[observation.person] += 1
                itemScore[observation.item] += observation.score
                itemCount[observation.item] += 1
            }
            var dropped = false
            for person in activePerson.indices where activePerson[person] {
                if personCount[person] == 0 || personScore[person] <= 1e-9
                    || personScore[person] >= personCount[person] - 1e-9
                {
                    activePerson[person] = false
                    dropped = true
                }
            }
            for item in activeItem.indices where activeItem[item] {
                if itemCount[item] == 0 || itemScore[item] <= 1e-9 || itemScore[item] >= itemCount[item] - 1e-9 {
                    activeItem[item] = false
                    extreme[names[item]] = itemCount[item] > 0 && itemScore[item] > 1e-9 ? "all" : "none"
                    dropped = true
                }
            }
            if !dropped { break }
        }
        let used = observations.filter { activePerson[$0.person] && activeItem[$0.item] }
        var ability = [Double](repeating: 0, count: attempts.count)
        var difficulty = [Double](repeating: 0, count: names.count)
        var iterations = 0
        var converged = false
        func probability(_ person: Int, _ item: Int) -> Double { 1 / (1 + exp(difficulty[item] - ability[person])) }
        while iterations < maximumIterations, !used.isEmpty {
            iterations += 1
            var largest = 0.0
            // Persons, then items: one Newton step each, at most one logit at a time.
            var residual = [Double](repeating: 0, count: attempts.count)
            var information = [Double](repeating: 0, count: attempts.count)
            for observation in used {
                let p = probability(observation.person, observation.item)
                residual[observation.person] += observation.score - p
                information[observation.person] += p * (1 - p)
            }
            for person in ability.indices where activePerson[person] && information[person] > 0 {
                let step = max(-1, min(1, residual[person] / information[person]))
                ability[person] += step
                largest = max(largest, abs(step))
            }
            var itemResidual = [Double](repeating: 0, count: names.count)
            var itemInformation = [Double](repeating: 0, count: names.count)
            for observation in used {
                let p = probability(observation.person, observation.item)
                itemResidual[observation.item] += observation.score - p
                itemInformation[observation.item] += p * (1 - p)
            }
            for item in difficulty.indices where activeItem[item] && itemInformation[item] > 0 {
                let step = max(-1, min(1, -itemResidual[item] / itemInformation[item]))
                difficulty[item] += step
                largest = max(largest, abs(step))
            }
            let active = difficulty.indices.filter { activeItem[$0] }
            let mean = active.map { difficulty[$0] }.reduce(0, +) / Double(max(1, active.count))
            for item in active { difficulty[item] -= mean }
            for person in ability.indices where activePerson[person] { ability[person] -= mean }
            if largest < tolerance {
                converged = true
                break
            }
        }
        var information = [Double](repeating: 0, count: names.count)
        var weightedSquares = [Double](repeating: 0, count: names.count)
        var standardisedSquares = [Double](repeating: 0, count: names.count)
        var counts = [Int](repeating: 0, count: names.count)
        for observation in used {
            let p = probability(observation.person, observation.item)
            let variance = max(1e-12, p * (1 - p))
            let residual = observation.score - p
            information[observation.item] += variance
            weightedSquares[observation.item] += residual * residual
            standardisedSquares[observation.item] += residual * residual / variance
            counts[observation.item] += 1
        }
        items = names.indices.filter { activeItem[$0] }.map { item in
            ItemEstimate(
                item: names[item], responses: counts[item], difficulty: difficulty[item],
                standardError: information[item] > 0 ? 1 / information[item].squareRoot() : 0,
                infit: information[item] > 0 ? weightedSquares[item] / information[item] : 0,
                outfit: counts[item] > 0 ? standardisedSquares[item] / Double(counts[item]) : 0)
        }
        .sorted { $0.item < $1.item }
        extremeItems = extreme
        persons = Set(used.map(\.person)).count
        self.iterations = iterations
        self.converged = converged
    }
}
