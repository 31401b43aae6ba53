/// Who is named in the audit log for a change: a person or local operator and the role they act in.
public struct AuditActor: Sendable, Hashable, Codable {
    /// The username, or `local:USER` for an operator at the machine.
    public var name: String
    /// The role the change was made in.
    public var role: String

    /// Creates an audit actor.
    public init(name: String, role: String) {
        self.name = name
        self.role = role
    }
}
