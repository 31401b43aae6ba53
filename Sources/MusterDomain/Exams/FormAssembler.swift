/// One item on a candidate's form: which bank item, in which section, for how many points, with
/// its options in the order this candidate sees them.
public struct FormEntry: Sendable, Hashable, Codable {
    public var position: Int
    public var section: String
    public var itemID: String
    public var points: Double
    /// Indices into the item's options, in the order shown (empty for items without options).
    public var optionOrder: [Int] {
        get { order.indices }
        set { order = OptionOrder(newValue) }
    }
    /// ``optionOrder``, kept without a heap allocation when it is short (the server keeps the
    /// forms of every open attempt in memory: thousands of forms of dozens of items).
    private var order: OptionOrder

    public init(position: Int, section: String, itemID: String, points: Double, optionOrder: [Int]) {
        self.position = position
        self.section = section
        self.itemID = itemID
        self.points = points
        self.order = OptionOrder(optionOrder)
    }

    private enum CodingKeys: String, CodingKey {
        case position, section, itemID, points, optionOrder
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            position: try container.decode(Int.self, forKey: .position),
            section: try container.decode(String.self, forKey: .section),
            itemID: try container.decode(String.self, forKey: .itemID),
            points: try container.decode(Double.self, forKey: .points),
            optionOrder: try container.decode([Int].self, forKey: .optionOrder))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(position, forKey: .position)
        try container.encode(section, forKey: .section)
        try container.encode(itemID, forKey: .itemID)
        try container.encode(points, forKey: .points)
        try container.encode(optionOrder, forKey: .optionOrder)
    }
}

/// An order of option indices: up to 15 indices below 16 packed in one word (four bits each,
/// the count in the top four), any other kept as an array. Each order has one form, so equal
/// orders are equal values.
enum OptionOrder: Sendable, Hashable {
    case packed(UInt64)
    case list([Int])

    init(_ indices: [Int]) {
        guard indices.count < 16, indices.allSatisfy({ (0..<16).contains($0) }) else {
            self = .list(indices)
            return
        }
        var word = UInt64(indices.count) << 60
        for (offset, index) in indices.enumerated() { word |= UInt64(index) << (4 * UInt64(offset)) }
        self = .packed(word)
    }

    var indices: [Int] {
        switch self {
        case .list(let indices): return indices
        case .packed(let word):
            let count = Int(word >> 60)
            return (0..<count).map { Int((word >> (4 * UInt64($0))) & 0xF) }
        }
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
