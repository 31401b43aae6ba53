/// One item on a candidate's form: which bank item, in which section, for how many points, with
/// its options in the order this candidate sees them.
public struct FormEntry: Sendable, Hashable, Codable {
    public var position: Int
    public var section: String
    public var itemID: String
    public var points: Double
    /// Indices into the item's options, in the order shown (empty for items without options).
    public var optionOrder: [Int]

    public init(position: Int, section: String, itemID: String, points: Double, optionOrder: [Int]) {
        self.position = position
        self.section = section
        self.itemID = itemID
        self.points = points
        self.optionOrder = optionOrder
    }
}

/// Assembles candidates' forms: a form is a deterministic function of (exam, officer, attempt
/// number) over the pinned bank version's items. Same inputs, same form; no item twice; each
/// section gets its count of admitted items; items and options shuffled from the same seed.
public enum FormAssembler {
    /// The form for `badge`'s `attempt`-th attempt at `exam`, or the sections' shortfalls.
    public static func form(
        exam: ExamDefinition, items: [Item], badge: String, attempt: Int
    ) -> Result<[FormEntry], FormShortfall> {
        let shortfalls = exam.shortfalls(in: items)
        guard shortfalls.isEmpty else { return .failure(FormShortfall(messages: shortfalls)) }
        var random = SeededGenerator(
            seed: seed(exam: exam.code, version: exam.bankVersion, badge: badge, attempt: attempt))
        var used: Set<String> = []
        var entries: [FormEntry] = []
        for section in exam.sections {
            // Sorted by id first, so the draw does not depend on the order items were stored in.
            let candidates = items.filter { section.admits($0) && !used.contains($0.id) }.sorted { $0.id < $1.id }
            var shuffled = candidates
            shuffle(&shuffled, &random)
            let drawn = Array(shuffled.prefix(section.count))
            used.formUnion(drawn.map(\.id))
            let ordered = exam.shuffleItems ? drawn : drawn.sorted { $0.id < $1.id }
            for item in ordered {
                let count = optionCount(item.kind)
                var order = Array(0..<count)
                if exam.shuffleOptions { shuffle(&order, &random) }
                entries.append(
                    FormEntry(
                        position: entries.count + 1, section: section.name, itemID: item.id, points: section.points,
                        optionOrder: order))
            }
        }
        if exam.shuffleItems {
            shuffle(&entries, &random)
            for index in entries.indices { entries[index].position = index + 1 }
        }
        return .success(entries)
    }

    /// Fisher-Yates with Muster's own generator, so a form never changes with the standard
    /// library's shuffling algorithm.
    static func shuffle<Element>(_ elements: inout [Element], _ random: inout SeededGenerator) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(index, Int(random.next() % UInt64(index + 1)))
        }
    }

    /// How many options an item shows, for shuffling their order.
    public static func optionCount(_ kind: ItemKind) -> Int {
        switch kind {
        case .singleChoice(let options): options.count
        case .multipleResponse(let key): key.options.count
        case .ordering(let entries, _): entries.count
        case .matching(let key): key.pairs.count + key.distractors.count
        default: 0
        }
    }

    /// A stable 64-bit seed from the inputs (FNV-1a over their UTF-8 bytes).
    static func seed(exam: String, version: Int, badge: String, attempt: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(exam)|\(version)|\(badge)|\(attempt)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}

/// Why a form cannot be assembled: the sections the bank version cannot fill.
public struct FormShortfall: Error, Sendable, Hashable {
    public var messages: [String]

    public init(messages: [String]) {
        self.messages = messages
    }
}
