/// One position of a handed-in attempt as the candidate reviews it after release: the question,
/// their answer in words, the marks it earned and the feedback written for it. The key itself
/// is not shown.
public struct ReviewedResponse: Sendable, Hashable, Codable {
    public var position: Int
    public var item: String
    public var prompt: String
    /// The answer as given, in words; nil when the position was left unanswered.
    public var answer: String?
    /// nil while a trainer or examiner has still to mark it.
    public var earned: Double?
    public var maximum: Double
    /// How the mark was given: auto, unanswered, rubric, measurement, pending or voided.
    public var method: String
    /// The item's general feedback and the feedback of what was chosen or typed.
    public var feedback: [String]
}

/// Builds the review of an attempt's responses from its form, its items, its answers and its
/// marks (pure: the caller reads them).
public enum ResponseReview {
    public static func review(
        entries: [FormEntry], items: [String: Item], answers: [SavedAnswer], marks: [ItemMark],
        language: String? = nil
    ) -> [ReviewedResponse] {
        let answered = Dictionary(answers.map { ($0.position, $0.answer) }, uniquingKeysWith: { latest, _ in latest })
        let marked = Dictionary(marks.map { ($0.position, $0) }, uniquingKeysWith: { first, _ in first })
        return entries.sorted { $0.position < $1.position }.compactMap { entry in
            guard let item = items[entry.itemID], let mark = marked[entry.position] else { return nil }
            let response = (answered[entry.position] ?? nil)?.response(for: item, at: entry)
            return ReviewedResponse(
                position: entry.position, item: item.id, prompt: item.prompt.text(in: language),
                answer: response.map(words), earned: mark.earned, maximum: mark.maximum, method: mark.method.rawValue,
                feedback: feedback(item, response, language: language))
        }
    }

    /// A response in words.
    static func words(_ response: Response) -> String {
        switch response {
        case .choice(let text): text
        case .choices(let texts): texts.joined(separator: "; ")
        case .truth(let value): value ? "true" : "false"
        case .text(let text): text
        case .number(let number):
            number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .matches(let pairs):
            pairs.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(separator: "; ")
        case .order(let texts): texts.joined(separator: " > ")
        case .measurement(let value, _, _): String(value)
        }
    }

    /// The general feedback, then the feedback attached to what the candidate chose or typed.
    static func feedback(_ item: Item, _ response: Response?, language: String?) -> [String] {
        var lines = item.feedback.map { [$0.text(in: language)] } ?? []
        func chosen(_ options: [ChoiceOption], _ texts: [String]) -> [String] {
            options.filter { option in texts.contains(option.text.text()) }.compactMap {
                $0.feedback?.text(in: language)
            }
        }
        switch (item.kind, response) {
        case (.singleChoice(let options), .choice(let text)?): lines += chosen(options, [text])
        case (.multipleResponse(let key), .choices(let texts)?): lines += chosen(key.options, texts)
        case (.trueFalse(let key), .truth(let value)?):
            if let note = value ? key.feedbackIfTrue : key.feedbackIfFalse { lines.append(note.text(in: language)) }
        default: break
        }
        return lines.filter { !$0.isEmpty }
    }
}
