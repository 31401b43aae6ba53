/// Turns Rasch difficulty estimates (logits, items centred on 0) into the banks' easy / medium /
/// hard tags, so trainers can replace hand-set tags with measured ones.
public struct MeasuredDifficulty: Sendable, Hashable, Codable {
    /// Items easier than this (in logits) are tagged easy.
    public var easyBelow: Double
    /// Items harder than this are tagged hard; those in between medium.
    public var hardAbove: Double
    /// Items with fewer responses keep their tag.
    public var minimumResponses: Int

    public init(easyBelow: Double = -0.5, hardAbove: Double = 0.5, minimumResponses: Int = 20) {
        self.easyBelow = easyBelow
        self.hardAbove = hardAbove
        self.minimumResponses = minimumResponses
    }

    /// The tag for an estimate, or nil when it rests on too few responses.
    public func tag(for estimate: RaschCalibration.ItemEstimate) -> Difficulty? {
        guard estimate.responses >= minimumResponses, estimate.difficulty.isFinite else { return nil }
        if estimate.difficulty < easyBelow { return .easy }
        if estimate.difficulty > hardAbove { return .hard }
        return .medium
    }
}
