import MusterDomain
import Testing

@Suite("The unit tree")
struct UnitTreeTests {
    static func unit(_ code: String, _ parent: String?) -> Unit {
        Unit(code: code, parentCode: parent, nameZh: code, nameEn: code)
    }

    @Test("orders parents before children whatever the input order")
    func parentsFirst() throws {
        let ordered = try [Self.unit("A.B.C", "A.B"), Self.unit("A", nil), Self.unit("A.B", "A")].orderedParentsFirst()
        #expect(ordered.map(\.code) == ["A", "A.B", "A.B.C"])
    }

    @Test("an unknown parent is named")
    func unknownParent() {
        #expect {
            try [Self.unit("A", nil), Self.unit("X", "MISSING")].orderedParentsFirst()
        } throws: { error in
            (error as? MusterError)?.message == "Unit X names unknown parent 'MISSING'."
        }
    }

    @Test("a cycle of parents is refused")
    func cycle() {
        #expect {
            try [Self.unit("A", "B"), Self.unit("B", "A")].orderedParentsFirst()
        } throws: { error in
            (error as? MusterError)?.message.contains("cycle") == true
        }
    }
}
