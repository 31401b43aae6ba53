import MusterDomain

@testable import MusterApp

extension UseCases {
    /// The local operator: an unscoped admin, as the CLI acts.
    var admin: UseCaseContext { operatorContext(name: "local:root") }

    /// Unscoped HR.
    var hr: UseCaseContext { signedIn("hr.zhou", [RoleGrant(role: .hr)]) }

    /// An unscoped trainer, named as the bank tests' audit rows expect.
    var trainer: UseCaseContext { signedIn("trainer-li", [RoleGrant(role: .trainer)]) }

    /// A signed-in user with `grants`, optionally linked to a badge.
    func signedIn(_ username: String, _ grants: [RoleGrant], badge: String? = nil) -> UseCaseContext {
        context(for: Principal(userID: 1, username: username, displayName: username, badge: badge, grants: grants))
    }
}
