/// A certificate an officer holds, as compliance reads it.
public struct HeldCertificate: Sendable, Hashable, Codable {
    public var badge: String
    public var code: String
    public var issued: CalendarDay
    /// The last valid day; nil when it never expires.
    public var validUntil: CalendarDay?
    public var revokedOn: CalendarDay?

    public init(badge: String, code: String, issued: CalendarDay, validUntil: CalendarDay?, revokedOn: CalendarDay?) {
        self.badge = badge
        self.code = code
        self.issued = issued
        self.validUntil = validUntil
        self.revokedOn = revokedOn
    }

    /// Whether the certificate is valid on `day`: issued by then, not expired, not revoked.
    public func isValid(on day: CalendarDay) -> Bool {
        issued <= day && (validUntil.map { day <= $0 } ?? true) && (revokedOn.map { day < $0 } ?? true)
    }
}

/// Who must hold each track's certificate on a date, who does, who lacks it and whose expires soon.
public struct ComplianceReport: Sendable, Hashable, Codable {
    public var asOf: CalendarDay
    /// The window for "expiring": certificates valid on the date whose last day falls within it.
    public var expiringWithinDays: Int
    public var tracks: [TrackCompliance]

    /// One officer who must hold a certificate, and where they stand.
    public struct OfficerStatus: Sendable, Hashable, Codable {
        /// Where an officer stands on the date.
        public enum Status: String, Sendable, Hashable, Codable {
            case holding, expiring, missing
        }

        public var badge: String
        public var name: String
        public var unit: String
        public var status: Status
        /// The valid certificate's last day, when one is held and expires.
        public var validUntil: CalendarDay?
        /// Why a missing certificate is missing.
        public var reason: MissingReason?
    }

    /// Why an officer lacks a valid certificate on the date.
    public enum MissingReason: String, Sendable, Hashable, Codable {
        case neverHeld = "never-held"
        case expired, revoked
        case notYetIssued = "not-yet-issued"
    }

    /// Counts for one unit, or for the whole report.
    public struct Counts: Sendable, Hashable, Codable {
        public var unit: String
        public var required = 0
        /// Holding a valid certificate (including those expiring soon).
        public var holding = 0
        public var expiring = 0
        public var missing = 0

        public init(unit: String) {
            self.unit = unit
        }
    }

    /// One track's compliance.
    public struct TrackCompliance: Sendable, Hashable, Codable {
        public var track: String
        public var certificate: String
        public var totals: Counts
        public var byUnit: [Counts]
        /// Every officer who must hold the certificate, missing first, then expiring, then holding.
        public var officers: [OfficerStatus]
    }

    /// Computes compliance for `officers` and `tracks` from the certificates they hold.
    public init(
        officers: [Officer], tracks: [Track], certificates: [HeldCertificate], asOf: CalendarDay,
        expiringWithinDays: Int
    ) {
        self.asOf = asOf
        self.expiringWithinDays = expiringWithinDays
        let horizon = asOf.addingDays(expiringWithinDays)
        var held: [String: [HeldCertificate]] = [:]
        for certificate in certificates {
            held["\(certificate.badge)|\(certificate.code)", default: []].append(certificate)
        }
        self.tracks = tracks.sorted { $0.code < $1.code }.map { track in
            var statuses: [OfficerStatus] = []
            for officer in officers where track.requiredFor.includes(officer, on: asOf) {
                let all = held["\(officer.badge)|\(track.certificate.code)"] ?? []
                let valid = all.filter { $0.isValid(on: asOf) }
                // The certificate lasting longest decides: nil (no expiry) beats any date.
                let best = valid.max { lhs, rhs in
                    guard let left = lhs.validUntil else { return false }
                    guard let right = rhs.validUntil else { return true }
                    return left < right
                }
                let status: OfficerStatus.Status
                if let best {
                    status = best.validUntil.map { $0 <= horizon } == true ? .expiring : .holding
                } else {
                    status = .missing
                }
                var reason: MissingReason?
                if status == .missing {
                    if all.isEmpty {
                        reason = .neverHeld
                    } else if all.contains(where: { $0.revokedOn.map { $0 <= asOf } == true }) {
                        reason = .revoked
                    } else if all.contains(where: { $0.validUntil.map { $0 < asOf } == true }) {
                        reason = .expired
                    } else {
                        reason = .notYetIssued
                    }
                }
                statuses.append(
                    OfficerStatus(
                        badge: officer.badge, name: officer.name, unit: officer.unit, status: status,
                        validUntil: best?.validUntil, reason: reason))
            }
            let order: [OfficerStatus.Status: Int] = [.missing: 0, .expiring: 1, .holding: 2]
            statuses.sort { (order[$0.status]!, $0.unit, $0.badge) < (order[$1.status]!, $1.unit, $1.badge) }
            var byUnit: [String: Counts] = [:]
            var totals = Counts(unit: "*")
            for status in statuses {
                for key in [status.unit, "*"] {
                    var counts = key == "*" ? totals : byUnit[key] ?? Counts(unit: key)
                    counts.required += 1
                    switch status.status {
                    case .holding: counts.holding += 1
                    case .expiring:
                        counts.holding += 1
                        counts.expiring += 1
                    case .missing: counts.missing += 1
                    }
                    if key == "*" { totals = counts } else { byUnit[key] = counts }
                }
            }
            return TrackCompliance(
                track: track.code, certificate: track.certificate.code, totals: totals,
                byUnit: byUnit.values.sorted { $0.unit < $1.unit }, officers: statuses)
        }
    }
}
