import Foundation
import ServiceKit

/// The TOTP second factor (RFC 6238): enrolment with a pending secret that its first code
/// confirms, and codes accepted once each, the step before and after included.
enum SecondFactor {
    static let issuer = "有约工作平台"

    /// A new pending secret for `login`, sealed in the table; the secret in Base32 to show.
    static func startEnrolment(login: String, environment: ServiceEnvironment) async throws -> [UInt8] {
        let secret = OneTimePassword.makeSecret()
        let sealed = try environment.cipher.seal(Base32.encode(secret))
        try await environment.database.execute("UPDATE accounts SET totp_pending = \(sealed) WHERE login = \(login)")
        return secret
    }

    /// The pending secret, if an enrolment is under way.
    static func pendingSecret(login: String, environment: ServiceEnvironment) async throws -> [UInt8]? {
        guard let sealed = try await environment.database.queryFirst("SELECT totp_pending FROM accounts WHERE login = \(login)")?.optionalString("totp_pending")
        else { return nil }
        return Base32.decode(try environment.cipher.open(sealed))
    }

    /// Confirms the pending secret with a code from it: it becomes the account's second factor.
    static func confirmEnrolment(login: String, code: String, environment: ServiceEnvironment, client: String) async throws -> Bool {
        guard let secret = try await pendingSecret(login: login, environment: environment),
              let step = OneTimePassword.acceptedStep(code: code, secret: secret, at: environment.clock.now()) else { return false }
        let sealed = try environment.cipher.seal(Base32.encode(secret))
        let now = environment.clock.now()
        try await environment.database.transaction { db in
            try await AccountStore.setSecondFactor(db, login: login, sealedSecret: sealed, by: login, at: now)
            try await db.execute("UPDATE accounts SET totp_pending = \(String?.none), totp_last_step = \(step) WHERE login = \(login)")
            try await environment.audit(db, actor: login, action: "totp-enrolled", entity: "account", entityID: login, summary: "client \(client)")
        }
        return true
    }

    /// Whether `code` is a fresh code of the account's second factor; a code is accepted once.
    /// Wrong codes count towards the account's lock like wrong passwords.
    static func verify(_ account: AccountRecord, code: String, environment: ServiceEnvironment, client: String, lock: PasswordCheck) async throws -> Bool {
        guard let sealed = account.totpSecret, let secret = Base32.decode(try environment.cipher.open(sealed)) else { return false }
        let now = environment.clock.now()
        let login = account.view.login
        let step = OneTimePassword.acceptedStep(code: code, secret: secret, at: now)
        return try await environment.database.transaction { db in
            let last = try await db.queryFirst("SELECT totp_last_step FROM accounts WHERE login = \(login)")?.optionalInt("totp_last_step") ?? -1
            guard let step, step > last, !(account.lockedUntil.map { $0 > now } ?? false) else {
                try await AccountStore.recordFailure(db, login: login, lockAfter: lock.lockAfter, lockUntil: now.addingTimeInterval(lock.lockFor))
                try await environment.audit(db, actor: login, action: "sign-in-failed", entity: "account", entityID: login, summary: "client \(client), second factor")
                return false
            }
            try await db.execute("UPDATE accounts SET totp_last_step = \(step), failed_attempts = \(0) WHERE login = \(login)")
            try await environment.audit(db, actor: login, action: "signed-in", entity: "account", entityID: login, summary: "client \(client), second factor")
            return true
        }
    }
}
