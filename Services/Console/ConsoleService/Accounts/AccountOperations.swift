import Contracts
import Foundation
import ServiceKit

/// What an admin does to accounts, from the pages or the API: each in one transaction with its
/// audit entry. An admin acts in their own district; the deployment's admin (district `*`) in any.
enum AccountOperations {
    static func requireManager(_ actor: Principal, of district: String) throws {
        guard actor.role == .admin else { throw Problem.forbidden("只有管理员可以管理账号。") }
        try actor.requireDistrictOrDeployment(district)
    }

    /// Adds an account with a one-time password its owner must change at first sign-in.
    static func add(_ input: AccountInput, by actor: Principal, environment: ServiceEnvironment, passwords: PasswordWork) async throws -> AccountWithPassword {
        var normalized = input
        normalized.login = input.login.trimmingCharacters(in: .whitespaces).lowercased()
        let input = normalized
        let problems = input.problems()
        guard problems.isEmpty else { throw Problem.validation(problems) }
        try requireManager(actor, of: input.district)
        if input.district == "*" && actor.district != "*" { throw Problem.forbidden("只有全系统管理员可以添加全系统管理员。") }
        let password = makeOneTimePassword()
        let hash = try await passwords.hash(password)
        let now = environment.clock.now()
        let view = try await environment.database.transaction { db in
            guard try await AccountStore.find(db, login: input.login) == nil else {
                throw Problem.conflict("account-exists", "登录名 \(input.login) 已被使用。")
            }
            try await AccountStore.insert(db, input, passwordHash: hash, by: actor.subject, at: now)
            try await environment.audit(db, actor: actor.subject, action: "account-added", entity: "account", entityID: input.login,
                                        summary: "\(input.role.rawValue) in \(input.district)")
            return try await AccountStore.find(db, login: input.login)!.view
        }
        return AccountWithPassword(account: view, oneTimePassword: password)
    }

    /// Disables or enables an account; disabling ends its sessions at once.
    static func setStatus(_ login: String, _ status: AccountStatus, by actor: Principal, environment: ServiceEnvironment) async throws -> AccountView {
        let now = environment.clock.now()
        return try await environment.database.transaction { db in
            let account = try await managed(db, login: login, by: actor)
            guard account.view.login != actor.subject || status == .active else { throw Problem.conflict("own-account", "不能停用自己的账号。") }
            try await AccountStore.setStatus(db, login: account.view.login, status, by: actor.subject, at: now)
            if status == .disabled { try await Sessions.endAll(db, login: account.view.login) }
            try await environment.audit(db, actor: actor.subject, action: status == .active ? "account-enabled" : "account-disabled",
                                        entity: "account", entityID: account.view.login)
            return try await AccountStore.find(db, login: account.view.login)!.view
        }
    }

    /// A new one-time password; the account's sessions end and its owner must choose a new one.
    static func resetPassword(_ login: String, by actor: Principal, environment: ServiceEnvironment, passwords: PasswordWork) async throws -> AccountWithPassword {
        let password = makeOneTimePassword()
        let hash = try await passwords.hash(password)
        let now = environment.clock.now()
        let view = try await environment.database.transaction { db in
            let account = try await managed(db, login: login, by: actor)
            try await AccountStore.setPassword(db, login: account.view.login, hash: hash, mustChange: true, by: actor.subject, at: now)
            try await Sessions.endAll(db, login: account.view.login)
            try await environment.audit(db, actor: actor.subject, action: "password-reset", entity: "account", entityID: account.view.login)
            return try await AccountStore.find(db, login: account.view.login)!.view
        }
        return AccountWithPassword(account: view, oneTimePassword: password)
    }

    /// The accounts an admin may see: their district's, or all for the deployment's admin.
    static func list(by actor: Principal, environment: ServiceEnvironment) async throws -> [AccountView] {
        guard actor.role == .admin else { throw Problem.forbidden("只有管理员可以管理账号。") }
        return try await AccountStore.list(environment.database, district: actor.district == "*" ? nil : actor.district)
    }

    /// An account the actor manages; another district's is a 404, as an unknown one.
    nonisolated(nonsending) private static func managed(_ db: any SQLExecutor, login: String, by actor: Principal) async throws -> AccountRecord {
        guard actor.role == .admin else { throw Problem.forbidden("只有管理员可以管理账号。") }
        guard let account = try await AccountStore.find(db, login: login),
              actor.district == "*" || account.view.district == actor.district else {
            throw Problem.notFound("没有找到账号 \(login)。")
        }
        return account
    }
}
