/// A target resolved on a date: a step the rules can check, or why there is none.
enum Resolution {
    case step(PromotionStep)
    case unreachable(Requirement)
}

extension EligibilityEngine {
    /// Turns a target into a step from the rank and post held on `day`, or explains why the
    /// target cannot be reached by promotion at all.
    func resolve(
        _ target: PromotionTarget, rank: HistoryEntry?, post: HistoryEntry?, on day: CalendarDay
    ) -> Resolution {
        func refusal(_ english: String, _ chinese: String) -> Resolution {
            .unreachable(
                Requirement(
                    rule: "target", met: false, explanation: LocalizedText(["en": english, "zh-CN": chinese]),
                    evidence: [], metOn: nil))
        }
        guard let rank, let post else {
            return refusal("The officer holds no rank or post on \(day).", "该民警在\(day)尚无警衔或职务。")
        }
        guard let current = order[rank.code] else {
            return refusal(
                "The officer's rank '\(rank.code)' is not on the policy's ladder.", "该民警的警衔“\(rank.code)”不在规则的警衔序列中。")
        }
        let name = { (code: String, language: String) in self.rankName(code, language) }
        switch target {
        case .next, .rank:
            let wanted: Int
            if case .rank(let code) = target {
                guard let index = order[code] else {
                    return refusal("There is no rank '\(code)' in the policy.", "规则中没有警衔“\(code)”。")
                }
                wanted = index
            } else {
                wanted = current + 1
            }
            guard wanted < policy.ranks.count else {
                return refusal(
                    "\(name(rank.code, "en")) is the top of the ladder.", "\(name(rank.code, "zh-CN"))已是最高警衔。")
            }
            let code = policy.ranks[wanted].code
            guard wanted > current else {
                return refusal(
                    "The officer already holds \(name(rank.code, "en")), at or above \(name(code, "en")).",
                    "该民警现任\(name(rank.code, "zh-CN"))，已不低于\(name(code, "zh-CN"))。")
            }
            guard wanted == current + 1 else {
                return refusal(
                    "\(name(code, "en")) is \(wanted - current) steps above \(name(rank.code, "en")); promotion goes one step at a time.",
                    "\(name(code, "zh-CN"))比\(name(rank.code, "zh-CN"))高\(wanted - current)级，晋升须逐级进行。")
            }
            return .step(
                PromotionStep(
                    target: .rank(code), rank: rank, post: post, targetRank: code, targetPost: nil,
                    advancement: policy.ranks[wanted].advancement, isRankStep: true, raisesRank: true))
        case .post(let code):
            let rules = policy(on: day)
            guard let newPost = rules.posts.first(where: { $0.code == code }) else {
                return refusal("There is no post '\(code)' in the policy on \(day).", "\(day)适用的规则中没有职务“\(code)”。")
            }
            guard code != post.code else {
                return refusal("The officer already holds this post.", "该民警已任此职务。")
            }
            let floor = order[newPost.floorRank] ?? 0
            if let held = rules.posts.first(where: { $0.code == post.code }) {
                let now = (order[held.floorRank] ?? 0, order[held.ceilingRank] ?? 0)
                guard (floor, order[newPost.ceilingRank] ?? 0) > now else {
                    return refusal(
                        "\(postName(code, "en")) is not above the current post, \(postName(post.code, "en")): moving to it is no promotion.",
                        "\(postName(code, "zh-CN"))不高于现任职务\(postName(post.code, "zh-CN"))，不属于晋升。")
                }
            }
            let limit = policy.postRaiseLimit ?? 1
            guard floor - current <= limit else {
                return refusal(
                    "Taking \(postName(code, "en")) would raise the rank \(floor - current) steps, to \(name(newPost.floorRank, "en")); a post promotion raises it at most \(limit).",
                    "任\(postName(code, "zh-CN"))须将警衔提高\(floor - current)级至\(name(newPost.floorRank, "zh-CN"))；职务晋升最多提高\(limit)级警衔。"
                )
            }
            let raises = current < floor
            let targetRank = raises ? newPost.floorRank : rank.code
            return .step(
                PromotionStep(
                    target: target, rank: rank, post: post, targetRank: targetRank, targetPost: code,
                    advancement: raises ? policy.ranks[floor].advancement : .interval, isRankStep: false,
                    raisesRank: raises))
        }
    }

    /// A sanction kind as in force on the day it was imposed, else its latest definition (a kind
    /// whose rule began later still blocks by its months, never without end).
    func sanctionKind(_ code: String, imposedOn day: CalendarDay) -> SanctionKind? {
        policy(on: day).sanctions.first { $0.code == code } ?? policy.sanctions.last { $0.code == code }
    }

    /// A rank's name in `language`, or its code when the policy has none.
    func rankName(_ code: String, _ language: String) -> String {
        policy.rank(code)?.name.text(in: language) ?? code
    }

    /// A post's name in `language`, or its code.
    func postName(_ code: String, _ language: String) -> String {
        policy.posts.first { $0.code == code }?.name.text(in: language) ?? code
    }
}
