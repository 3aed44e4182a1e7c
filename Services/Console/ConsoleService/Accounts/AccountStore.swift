import Contracts
import Foundation
import ServiceKit

/// The accounts table: all of its SQL.
struct AccountRecord: Sendable {
    var view: AccountView
    var passwordHash: String
    var totpSecret: String?
    var failedAttempts: Int64
    var lockedUntil: Date?

    var principal: Principal {
        AccountInput(login: view.login, displayName: view.displayName, role: view.role, district: view.district,
                     deputy: view.deputy, street: view.street, unit: view.unit).principal
    }

    /// Admins and district staff must sign in with a second factor (等保 2.0 level 3).
    var requiresSecondFactor: Bool { [.admin, .districtStaff].contains(view.role) }
}

enum AccountStore {
    static let columns = SQL("login, display_name, role, district, deputy, street, unit, status, password_hash, must_change, totp_secret, failed_attempts, locked_until, changed_by, changed_at")

    nonisolated(nonsending) static func find(_ db: any SQLExecutor, login: String) async throws -> AccountRecord? {
        try await db.queryFirst("SELECT \(columns) FROM accounts WHERE login = \(login.lowercased())").map(record)
    }

    nonisolated(nonsending) static func list(_ db: any SQLExecutor, district: String?) async throws -> [AccountView] {
        let rows = if let district {
            try await db.query("SELECT \(columns) FROM accounts WHERE district = \(district) ORDER BY login")
        } else {
            try await db.query("SELECT \(columns) FROM accounts ORDER BY login")
        }
        return try rows.map { try record($0).view }
    }

    nonisolated(nonsending) static func count(_ db: any SQLExecutor) async throws -> Int64 {
        try await db.queryFirst("SELECT COUNT(*) AS n FROM accounts")?.int("n") ?? 0
    }

    nonisolated(nonsending) static func insert(_ db: any SQLExecutor, _ input: AccountInput, passwordHash: String, by actor: String, at now: Date) async throws {
        let deputy = input.role == .deputy ? input.deputy : nil
        let street = input.role == .streetStaff ? input.street : nil
        let unit = input.role == .unit ? input.unit : nil
        try await db.execute("""
            INSERT INTO accounts (login, display_name, role, district, deputy, street, unit, status, password_hash, must_change,
                                  totp_secret, failed_attempts, locked_until, changed_by, changed_at, created_at)
            VALUES (\(input.login), \(input.displayName.trimmingCharacters(in: .whitespacesAndNewlines)), \(input.role.rawValue), \(input.district),
                    \(deputy), \(street), \(unit), \(AccountStatus.active.rawValue), \(passwordHash), \(true), \(String?.none), \(0), \(Date?.none), \(actor), \(now), \(now))
            """)
    }

    nonisolated(nonsending) static func setStatus(_ db: any SQLExecutor, login: String, _ status: AccountStatus, by actor: String, at now: Date) async throws {
        try await db.execute("""
            UPDATE accounts SET status = \(status.rawValue), failed_attempts = \(0), locked_until = \(Date?.none), changed_by = \(actor), changed_at = \(now)
            WHERE login = \(login)
            """)
    }

    /// A new password; `mustChange` for one an admin set, which its owner must replace at sign-in.
    nonisolated(nonsending) static func setPassword(_ db: any SQLExecutor, login: String, hash: String, mustChange: Bool, by actor: String, at now: Date) async throws {
        try await db.execute("""
            UPDATE accounts SET password_hash = \(hash), must_change = \(mustChange), failed_attempts = \(0), locked_until = \(Date?.none),
                changed_by = \(actor), changed_at = \(now) WHERE login = \(login)
            """)
    }

    nonisolated(nonsending) static func setSecondFactor(_ db: any SQLExecutor, login: String, sealedSecret: String?, by actor: String, at now: Date) async throws {
        try await db.execute("UPDATE accounts SET totp_secret = \(sealedSecret), changed_by = \(actor), changed_at = \(now) WHERE login = \(login)")
    }

    /// Counts a failed password; the fifth in a row locks the account until `lockUntil`.
    nonisolated(nonsending) static func recordFailure(_ db: any SQLExecutor, login: String, lockAfter: Int64, lockUntil: Date) async throws {
        try await db.execute("UPDATE accounts SET failed_attempts = failed_attempts + 1 WHERE login = \(login)")
        try await db.execute("UPDATE accounts SET locked_until = \(lockUntil), failed_attempts = \(0) WHERE login = \(login) AND failed_attempts >= \(lockAfter)")
    }

    nonisolated(nonsending) static func recordSuccess(_ db: any SQLExecutor, login: String) async throws {
        try await db.execute("UPDATE accounts SET failed_attempts = \(0), locked_until = \(Date?.none) WHERE login = \(login)")
    }

    static func record(_ row: SQLRow) throws -> AccountRecord {
        AccountRecord(
            view: AccountView(
                login: try row.string("login"), displayName: try row.string("display_name"),
                role: Role(rawValue: try row.string("role")) ?? .citizen, district: try row.string("district"),
                deputy: row.optionalString("deputy"), street: row.optionalString("street"), unit: row.optionalString("unit"),
                status: AccountStatus(rawValue: try row.string("status")) ?? .disabled,
                mustChangePassword: try row.bool("must_change"), secondFactor: row.optionalString("totp_secret") != nil,
                changedBy: try row.string("changed_by"), changedAt: try row.date("changed_at")),
            passwordHash: try row.string("password_hash"), totpSecret: row.optionalString("totp_secret"),
            failedAttempts: try row.int("failed_attempts"), lockedUntil: row.optionalDate("locked_until"))
    }
}
