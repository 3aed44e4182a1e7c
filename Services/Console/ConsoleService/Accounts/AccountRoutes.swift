import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The accounts API, for the admin CLI (`youyue users …`) and district IT's scripts.
func addAccountRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, passwords: PasswordWork) {
    let accounts = router.group("api/v1/accounts")
    accounts.get { _, context in
        try jsonResponse(try await AccountOperations.list(by: try context.requirePrincipal(), environment: environment))
    }
    accounts.post { request, context in
        let input = try await request.decode(as: AccountInput.self, context: context)
        return try jsonResponse(try await AccountOperations.add(input, by: try context.requirePrincipal(), environment: environment, passwords: passwords), status: .created)
    }
    accounts.post("{login}/disable") { _, context in
        try jsonResponse(try await AccountOperations.setStatus(try context.parameters.require("login"), .disabled, by: try context.requirePrincipal(), environment: environment))
    }
    accounts.post("{login}/enable") { _, context in
        try jsonResponse(try await AccountOperations.setStatus(try context.parameters.require("login"), .active, by: try context.requirePrincipal(), environment: environment))
    }
    accounts.post("{login}/password-reset") { _, context in
        try jsonResponse(try await AccountOperations.resetPassword(try context.parameters.require("login"), by: try context.requirePrincipal(), environment: environment, passwords: passwords))
    }

    // The first account of an installation: the deployment's admin with a one-time password,
    // made only while there is no account at all. `youyue up` calls it and prints the password.
    router.group("internal/v1/bootstrap-admin").post { _, context in
        let actor = try context.requirePrincipal()
        guard actor.district == "*" else { throw Problem.forbidden("只有全系统管理员令牌可以创建第一个管理员。") }
        let password = makeOneTimePassword()
        let hash = try await passwords.hash(password)
        let now = environment.clock.now()
        let input = AccountInput(login: "admin", displayName: "系统管理员", role: .admin, district: "*")
        let view = try await environment.database.transaction { db in
            guard try await AccountStore.count(db) == 0 else {
                throw Problem.conflict("accounts-exist", "已有账号，不再创建初始管理员；请用 youyue users reset-password 重设密码。")
            }
            try await AccountStore.insert(db, input, passwordHash: hash, by: actor.subject, at: now)
            try await environment.audit(db, actor: actor.subject, action: "account-added", entity: "account", entityID: "admin", summary: "first admin")
            return try await AccountStore.find(db, login: "admin")!.view
        }
        return try jsonResponse(AccountWithPassword(account: view, oneTimePassword: password), status: .created)
    }
}
