import MusterDomain
import MusterFormats

/// A deterministic demo roster for the default policy: a small bureau of officers aged 22 to 58
/// in every unit, with ranks that fit their service and posts whose band holds their rank.
enum DemoRoster {
    /// The roster as CSV, so it goes through the same import path as an HR file.
    static func csv(size: Int = 320, today: CalendarDay, policy: PromotionPolicy) -> String {
        var random = SeededGenerator(seed: 20_261_124)
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
        let givenNames = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞鹏辉健斌宇浩凯晨阳雪梅琳婷")
        let units = [
            "PSB.EAST.S1", "PSB.EAST.S2", "PSB.WEST.S1", "PSB.WEST.CID", "PSB.TRAFFIC.T1", "PSB.PATROL", "PSB.TRAIN",
            "PSB.HR",
        ]
        let intervalRanks = policy.ranks.prefix { $0.advancement == .interval }
        var lines = ["badge,name,sex,birth_date,unit,hire_date,duty_type,rank,rank_since,post,post_since,education"]
        for index in 0..<size {
            let age = 22 + Int(random.next() % 37)
            let sex: Sex = random.next() % 5 == 0 ? .female : .male
            let birth = CalendarDay(
                year: today.year - age, month: 1 + Int(random.next() % 12), day: 1 + Int(random.next() % 28))
            let hireAge = min(21 + Int(random.next() % 5), age - 1)
            let hire = min(birth.addingMonths(hireAge * 12 + Int(random.next() % 12)), today.addingMonths(-1))
            let service = max(0, hire.wholeYears(until: today))
            // Climb the ladder by its intervals, sometimes a step slower, never past the interval ranks.
            var rankIndex = 0
            var rankSince = hire
            while rankIndex + 1 < intervalRanks.count {
                let years = (intervalRanks[rankIndex].intervals.first?.years ?? 3) + (random.next() % 4 == 0 ? 1 : 0)
                let next = rankSince.addingMonths(years * 12)
                guard next <= today, rankIndex < 2 + service / 4 else { break }
                rankSince = next
                rankIndex += 1
            }
            let rank = intervalRanks[rankIndex].code
            let order = policy.order(of: rank) ?? 0
            let fitting = policy.posts.filter {
                (policy.order(of: $0.floorRank) ?? 0) <= order && order <= (policy.order(of: $0.ceilingRank) ?? 0)
            }
            let post =
                fitting.isEmpty
                ? (policy.posts.first?.code ?? "") : fitting[Int(random.next() % UInt64(fitting.count))].code
            let postSince = max(hire, rankSince.addingMonths(-Int(random.next() % 24)))
            let unit = units[index % units.count]
            let duty =
                unit.hasPrefix("PSB.TRAIN") || unit.hasPrefix("PSB.HR") || random.next() % 6 == 0
                ? "support" : "frontline"
            let name =
                String(surnames[Int(random.next() % UInt64(surnames.count))])
                + String(givenNames[Int(random.next() % UInt64(givenNames.count))])
                + (random.next() % 2 == 0 ? String(givenNames[Int(random.next() % UInt64(givenNames.count))]) : "")
            let education = ["本科", "大专", "研究生", "本科"][Int(random.next() % 4)]
            lines.append(
                [
                    String(format: "P%06d", 100_001 + index), name, sex.rawValue, birth.description, unit,
                    hire.description, duty,
                    rank, rankSince.description, post, postSince.description, education,
                ].joined(separator: ",")
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension DemoRoster {
    /// Deterministic HR records for the demo roster's badges: three years of assessments, some
    /// sanctions and merits, and basic qualifications, so readiness queries have varied answers.
    static func records(size: Int = 320, today: CalendarDay) -> [(RecordKind, String)] {
        var random = SeededGenerator(seed: 20_261_125)
        var assessments = ["badge,year,grade"]
        var sanctions = ["badge,kind,start,end,revoked"]
        var merits = ["badge,kind,date"]
        var qualifications = ["badge,level,date,valid_until"]
        for index in 0..<size {
            let badge = String(format: "P%06d", 100_001 + index)
            for year in (today.year - 3)..<today.year {
                let roll = random.next() % 100
                let grade =
                    roll < 12
                    ? "excellent" : roll < 92 ? "competent" : roll < 98 ? "basically-competent" : "incompetent"
                assessments.append("\(badge),\(year),\(grade)")
            }
            if random.next() % 12 == 0 {
                let kind = ["warning", "demerit", "major-demerit"][Int(random.next() % 3)]
                let start = today.addingMonths(-Int(1 + random.next() % 30))
                sanctions.append("\(badge),\(kind),\(start),,false")
            }
            if random.next() % 20 == 0 {
                merits.append("\(badge),first-class-merit,\(today.addingMonths(-Int(1 + random.next() % 24)))")
            }
            if random.next() % 10 != 0 {
                qualifications.append("\(badge),basic,\(today.addingMonths(-Int(1 + random.next() % 70))),")
            }
        }
        return [
            (.assessments, assessments.joined(separator: "\n") + "\n"),
            (.sanctions, sanctions.joined(separator: "\n") + "\n"),
            (.merits, merits.joined(separator: "\n") + "\n"),
            (.qualifications, qualifications.joined(separator: "\n") + "\n"),
        ]
    }
}
