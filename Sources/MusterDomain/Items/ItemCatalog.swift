/// Items by id, with a lookup built for grading's hot loop: grading asks for the item of every
/// position of every attempt, and a general dictionary's keyed hash costs more than scoring some
/// items. Ids are bank data, not attacker-chosen, so a plain FNV-1a hash into an open-addressed
/// table serves; equal ids compare as strings.
///
/// Built once per bank version and shared by every form graded against it.
public struct ItemCatalog: Sendable, Hashable, Codable {
    /// The items, one per id, ordered by id.
    public let items: [Item]
    /// Open-addressed slots holding an index into ``items``, or -1.
    private let slots: [Int32]

    /// A catalog of `items`; of items sharing an id the first is kept.
    public init(_ items: some Sequence<Item>) {
        var seen: Set<String> = []
        let unique = items.filter { seen.insert($0.id).inserted }.sorted { $0.id < $1.id }
        var capacity = 8
        while capacity < unique.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        for (index, item) in unique.enumerated() {
            var slot = Self.hash(item.id) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(index)
        }
        self.items = unique
        self.slots = slots
    }

    /// A catalog of a dictionary's items.
    public init(_ items: [String: Item]) {
        self.init(items.values)
    }

    /// The item with `id`, if the catalog has it.
    public subscript(id: String) -> Item? {
        index(of: id).map { items[$0] }
    }

    /// The kind (and key) of the item with `id`, without copying the rest of the item.
    public func kind(of id: String) -> ItemKind? {
        index(of: id).map { items[$0].kind }
    }

    /// How many items the catalog holds.
    public var count: Int { items.count }

    private func index(of id: String) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(id) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            if items[index].id == id { return index }
            slot = (slot + 1) & mask
        }
    }

    /// FNV-1a over the id's UTF-8 bytes.
    private static func hash(_ id: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    public init(from decoder: any Decoder) throws {
        self.init(try [String: Item](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }).encode(to: encoder)
    }
}
