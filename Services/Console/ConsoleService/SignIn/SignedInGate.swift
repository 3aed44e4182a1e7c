import Foundation
import Hummingbird
import ServiceKit

/// Decides, for a page that needs a signed-in person, whether they may see it or where they must
/// go first: to `/login` without a live session, to `/password` while a one-time password is
/// unchanged.
struct SignedInGate: Sendable {
    let database: any Database
    let limits: SessionLimits
    let clock: ServiceClock

    enum Purpose {
        /// Signing out is always allowed to a live session.
        case signOut
        /// The password page itself.
        case changePassword
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
        guard session.secondFactor else { return .elsewhere("/login") }
        if account.view.mustChangePassword && purpose == .work { return .elsewhere("/password") }
        return .signedIn(session, account)
    }
}
