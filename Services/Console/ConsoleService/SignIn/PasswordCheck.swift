import Foundation
import ServiceKit

/// Why a sign-in did not go through. People see one message for all of them but `throttled`, so
/// nobody can tell from the answer whether an account exists, is disabled or is locked.
enum SignInRefusal: Error, Equatable {
    case wrongCredentials
    case throttled
}

/// What a correct password leads to.
enum SignInStep: Equatable {
    /// Signed in (no second factor needed, or none enrolled yet for a role that may skip it).
    case signedIn
    /// The password was right; the TOTP code comes next.
    case secondFactorNeeded
}

/// The rules of a password sign-in: 5 failures in a row lock the account for 15 minutes, and 20
/// failures from one client address within 15 minutes throttle that address.
struct PasswordCheck: Sendable {
    let passwords: PasswordWork
    var lockAfter: Int64 = 5
    var lockFor: TimeInterval = 15 * 60
    var throttleAfter: Int64 = 20
    var throttleWindow: TimeInterval = 15 * 60
    /// A hash to verify against when the login is unknown, so that an unknown login takes as long
    /// as a wrong password.
    let decoyHash: String

    init(passwords: PasswordWork) throws {
        self.passwords = passwords
        decoyHash = try PasswordHash.make(password: "decoy-" + makeOneTimePassword(), parameters: passwords.parameters)
    }

    /// Checks the password in one transaction with its bookkeeping; the account on success.
    func check(login: String, password: String, client: String, environment: ServiceEnvironment, now: Date) async throws -> Result<AccountRecord, SignInRefusal> {
        let login = login.trimmingCharacters(in: .whitespaces).lowercased()
        let since = now.addingTimeInterval(-throttleWindow)
        let database = environment.database
        let recent = try await database.queryFirst("SELECT COUNT(*) AS n FROM sign_in_failures WHERE client = \(client) AND at > \(since)")?.int("n") ?? 0
        if recent >= throttleAfter { return .failure(.throttled) }
        let account = try await database.queryFirst("SELECT \(AccountStore.columns) FROM accounts WHERE login = \(login)").map(AccountStore.record)
        // Verified outside the transaction: scrypt is deliberately slow and must not hold the writer.
        let passwordRight = await passwords.verify(password, against: account?.passwordHash ?? decoyHash) && account != nil
        // A hash made at a lower cost than today's is made again while the password is at hand.
        let rehashed = passwordRight && passwords.needsRehash(account?.passwordHash ?? "") ? try? await passwords.hash(password) : nil
        return try await database.transaction { db in
            guard let account, passwordRight, account.view.status == .active, !(account.lockedUntil.map { $0 > now } ?? false) else {
                try await db.execute("INSERT INTO sign_in_failures (client, at) VALUES (\(client), \(now))")
                if let account {
                    try await AccountStore.recordFailure(db, login: account.view.login, lockAfter: lockAfter, lockUntil: now.addingTimeInterval(lockFor))
                }
                // An unknown login is not written down: it may be a password typed in the wrong box.
                let who = account?.view.login ?? "unknown"
                try await environment.audit(db, actor: who, action: "sign-in-failed", entity: "account", entityID: who, summary: "client \(client)")
                return .failure(.wrongCredentials)
            }
            try await AccountStore.recordSuccess(db, login: account.view.login)
            if let rehashed { try await db.execute("UPDATE accounts SET password_hash = \(rehashed) WHERE login = \(account.view.login)") }
            try await environment.audit(db, actor: account.view.login, action: "signed-in", entity: "account", entityID: account.view.login,
                                        summary: "client \(client), password")
            return .success(account)
        }
    }
}
