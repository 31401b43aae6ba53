import MusterDomain
import MusterFormats
import Testing

@Suite("Enrollment files")
struct EnrollmentCSVParserTests {
    @Test("badges with optional extra minutes are read with their columns, also with Windows line endings")
    func reads() {
        let text = "badge,accommodation_minutes\r\nP100001,\r\nP100002,30\r\n"
        let (rows, diagnostics) = EnrollmentCSVParser().parse(text, file: "e.csv")
        #expect(diagnostics.isEmpty)
        #expect(rows.map(\.badge) == ["P100001", "P100002"])
        #expect(rows.map(\.accommodationMinutes) == [0, 30])
        #expect(rows.map(\.line) == [2, 3])
        #expect(rows[1].columns == ["badge": 1, "accommodation_minutes": 9])
        let badgesOnly = EnrollmentCSVParser().parse("badge\nP100003\n", file: "b.csv")
        #expect(badgesOnly.rows.map(\.accommodationMinutes) == [0])
    }

    @Test("a repeated badge, bad minutes and a bad badge are refused at their cells")
    func refuses() {
        let text = "badge,accommodation_minutes\nP100001,10\nP100002,-5\nP100001,\nP 1,abc\nP100004,601\n"
        let (rows, diagnostics) = EnrollmentCSVParser().parse(text, file: "e.csv")
        #expect(rows.map(\.badge) == ["P100001"])
        #expect(
            diagnostics.map(\.description) == [
                "e.csv:3:9: error: accommodation_minutes '-5' must be a whole number of minutes from 0 to 600",
                "e.csv:4:1: error: badge P100001 is listed twice (first on line 2)",
                "e.csv:5:1: error: badge 'P 1' must be 1-32 letters, digits or dashes",
                "e.csv:5:5: error: accommodation_minutes 'abc' must be a whole number of minutes from 0 to 600",
                "e.csv:6:9: error: accommodation_minutes '601' must be a whole number of minutes from 0 to 600",
            ])
        let wrongHeader = EnrollmentCSVParser().parse("officer\nP1\n", file: "h.csv")
        #expect(wrongHeader.rows.isEmpty)
        #expect(wrongHeader.diagnostics.first?.position.line == 1)
    }
}
