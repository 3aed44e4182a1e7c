import Foundation
import Hummingbird
import ServiceKit

/// Decides, for a page that needs a signed-in person, whether they may see it or where they must
/// go first: to `/login` without a live session, to `/login/code` until the TOTP code is given,
/// to `/password` while a one-time password is unchanged, to `/totp` while an admin or district
/// staff member has no second factor.
struct SignedInGate: Sendable {
    let database: any Database
    let limits: SessionLimits
    let clock: ServiceClock

    enum Purpose {
        /// Signing out is always allowed to a live session.
        case signOut
        /// The TOTP code step after a right password.
        case secondFactorStep
        /// The password page itself.
        case changePassword
        /// Enrolling the second factor.
        case enrol
        /// Everything else.
        case work
        /// Only asks whether anyone is signed in.
        case any
    }

    enum Outcome {
        case signedIn(Session, AccountRecord)
        case elsewhere(String)
    }

    func check(_ request: Request, purpose: Purpose) async throws -> Outcome {
        guard let session = try await Sessions.current(request, database: database, limits: limits, now: clock.now()),
              let account = try await AccountStore.find(database, login: session.login) else {
            return .elsewhere("/login")
        }
        if purpose == .signOut { return .signedIn(session, account) }
        if purpose == .secondFactorStep { return session.secondFactor ? .elsewhere("/") : .signedIn(session, account) }
        guard session.secondFactor else { return .elsewhere("/login/code") }
        // A one-time console password must be replaced before work, unless the person came through
        // the district's identity provider and never uses it.
        if account.view.mustChangePassword && session.signedInWith == .password && purpose != .changePassword && purpose != .any {
            return .elsewhere("/password")
        }
        // Admins and district staff work only once their second factor is enrolled.
        if account.requiresSecondFactor && account.totpSecret == nil && purpose == .work { return .elsewhere("/totp") }
        return .signedIn(session, account)
    }

    /// Answers with `body` for a person who may see the page, else with the redirect to where
    /// they must go first.
    func page(_ request: Request, purpose: Purpose, _ body: (Session, AccountRecord) async throws -> Response) async throws -> Response {
        switch try await check(request, purpose: purpose) {
        case .signedIn(let session, let account): try await body(session, account)
        case .elsewhere(let path): redirect(path)
        }
    }
}
