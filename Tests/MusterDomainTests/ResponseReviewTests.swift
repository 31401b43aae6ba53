import MusterDomain
import Testing

@Suite("Reviewing responses after release")
struct ResponseReviewTests {
    @Test("answers in words, marks, the general feedback and that of what was chosen; unmarked positions left out")
    func review() {
        let choice = Item(
            id: "q1", prompt: LocalizedText("Which?"),
            kind: .singleChoice([
                ChoiceOption(text: LocalizedText("A"), fraction: 1, feedback: LocalizedText("Right: A.")),
                ChoiceOption(text: LocalizedText("B"), fraction: 0, feedback: LocalizedText("B is the old rule.")),
            ]),
            feedback: LocalizedText("See chapter 2."))
        let truth = Item(
            id: "q2", prompt: LocalizedText("True?"),
            kind: .trueFalse(TrueFalseKey(answer: true, feedbackIfTrue: nil, feedbackIfFalse: LocalizedText("No."))))
        let order = Item(
            id: "q3", prompt: LocalizedText("Order"), kind: .ordering([LocalizedText("x"), LocalizedText("y")]))
        let entries = [
            FormEntry(position: 1, section: "s", itemID: "q1", points: 2, optionOrder: [1, 0]),
            FormEntry(position: 2, section: "s", itemID: "q2", points: 1, optionOrder: []),
            FormEntry(position: 3, section: "s", itemID: "q3", points: 1, optionOrder: [1, 0]),
            FormEntry(position: 4, section: "s", itemID: "q3", points: 1, optionOrder: [0, 1]),
        ]
        let answers = [
            // Shown index 0 is option B (the options were shown in the order B, A).
            SavedAnswer(position: 1, sequence: 3, answer: .choice(0), flagged: false),
            SavedAnswer(position: 2, sequence: 1, answer: .truth(false), flagged: false),
            SavedAnswer(position: 3, sequence: 1, answer: .order([1, 0]), flagged: false),
        ]
        let marks = [
            ItemMark(
                position: 1, itemID: "q1", sequence: 3, earned: 0, maximum: 2, method: .auto, placeholderTable: false),
            ItemMark(
                position: 2, itemID: "q2", sequence: 1, earned: 0, maximum: 1, method: .auto, placeholderTable: false),
            ItemMark(
                position: 3, itemID: "q3", sequence: 1, earned: 1, maximum: 1, method: .auto, placeholderTable: false),
        ]
        let reviewed = ResponseReview.review(
            entries: entries, items: ["q1": choice, "q2": truth, "q3": order], answers: answers, marks: marks)
        #expect(reviewed.map(\.position) == [1, 2, 3])
        #expect(reviewed.map(\.answer) == ["B", "false", "x > y"])
        #expect(reviewed[0].feedback == ["See chapter 2.", "B is the old rule."])
        #expect(reviewed[1].feedback == ["No."])
        #expect(reviewed[2].feedback.isEmpty)
        #expect(reviewed.map(\.earned) == [0, 0, 1])
        #expect(reviewed[0].maximum == 2)
    }
}
