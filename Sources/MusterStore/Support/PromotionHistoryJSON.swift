import MusterDomain

/// Reads the document `promotion_histories.records` holds (see migration 0027): an array of
/// eight lists, each entry an array of fields, dates as day numbers since 2000-01-01 or null.
///
/// The document is PostgreSQL's own output from the record tables, read for every officer of a
/// force at once, so it is read by the byte-level JSON reader; anything else is nil.
enum PromotionHistoryJSON {
    /// `officer`'s record from the document's bytes, or nil when they are not in its shape.
    static func record(_ bytes: UnsafeBufferPointer<UInt8>, officer: Officer) -> PromotionRecord? {
        StoredJSON.read(bytes) { reader -> PromotionRecord? in
            guard reader.take(0x5B),
                let ranks = reader.entries({ $0.history() }), reader.take(0x2C),
                let posts = reader.entries({ $0.history() }), reader.take(0x2C),
                let assessments = reader.entries({ reader -> AnnualAssessment? in
                    guard let year = reader.integer(), reader.take(0x2C), let grade = reader.string() else {
                        return nil
                    }
                    return AnnualAssessment(year: year, grade: grade)
                }), reader.take(0x2C),
                let sanctions = reader.entries({ reader -> SanctionRecord? in
                    guard let kind = reader.string(), reader.take(0x2C), let starts = reader.day(), reader.take(0x2C),
                        let ends = reader.optionalDay(), reader.take(0x2C), let revoked = reader.boolean()
                    else { return nil }
                    return SanctionRecord(kind: kind, starts: starts, ends: ends, revoked: revoked)
                }), reader.take(0x2C),
                let merits = reader.entries({ reader -> MeritAward? in
                    guard let kind = reader.string(), reader.take(0x2C), let awarded = reader.day() else { return nil }
                    return MeritAward(kind: kind, awarded: awarded)
                }), reader.take(0x2C),
                let qualifications = reader.entries({ reader -> QualificationRecord? in
                    guard let level = reader.string(), reader.take(0x2C), let passed = reader.day(), reader.take(0x2C),
                        let until = reader.optionalDay()
                    else { return nil }
                    return QualificationRecord(level: level, passed: passed, validUntil: until)
                }), reader.take(0x2C),
                let certificates = reader.entries({ reader -> HeldCertificate? in
                    guard let code = reader.string(), reader.take(0x2C), let issued = reader.day(), reader.take(0x2C),
                        let until = reader.optionalDay(), reader.take(0x2C), let revoked = reader.optionalDay()
                    else { return nil }
                    return HeldCertificate(
                        badge: officer.badge, code: code, issued: issued, validUntil: until, revokedOn: revoked)
                }), reader.take(0x2C),
                let college = reader.entries({ reader -> CollegeTrainingRecord? in
                    guard let rank = reader.string(), reader.take(0x2C), let completed = reader.day() else {
                        return nil
                    }
                    return CollegeTrainingRecord(rank: rank, completed: completed)
                }),
                reader.take(0x5D)
            else { return nil }
            return PromotionRecord(
                officer: officer, rankHistory: ranks, postHistory: posts, assessments: assessments,
                sanctions: sanctions, merits: merits, qualifications: qualifications, certificates: certificates,
                collegeTraining: college)
        }
    }
}

extension JSONBytes {
    /// A list whose every entry is an array of fields that `fields` reads.
    mutating func entries<Entry>(_ fields: (inout JSONBytes) -> Entry?) -> [Entry]? {
        list { reader in
            guard reader.take(0x5B), let entry = fields(&reader), reader.take(0x5D) else { return nil }
            return entry
        }
    }

    /// A history entry's fields: a code and the day it began.
    mutating func history() -> HistoryEntry? {
        guard let code = string(), take(0x2C), let since = day() else { return nil }
        return HistoryEntry(code: code, since: since)
    }

    /// A day number since 2000-01-01.
    mutating func day() -> CalendarDay? {
        integer().map { CalendarDay(daysSince2000: $0) }
    }

    /// A day number, or null (.some(nil)); nil to give up.
    mutating func optionalDay() -> CalendarDay?? {
        if literal("null") { return .some(nil) }
        return day().map { .some($0) }
    }
}
