import Contracts
import Foundation
import ServiceKit

/// What an admin does to machine clients, through the API: each in one transaction with its audit
/// entry, which names the admin's client address. An admin acts in their own district; the
/// deployment's admin (district `*`) in any.
enum MachineClientOperations {
    static func requireManager(_ actor: Principal) throws {
        guard actor.role == .admin else { throw Problem.forbidden("只有管理员可以管理机器客户端。") }
    }

    /// Registers a client. One with a public key authenticates with it only and gets no secret;
    /// any other gets a secret, answered once.
    static func add(_ input: MachineClientInput, by actor: Principal, address: String, environment: ServiceEnvironment) async throws -> MachineClientWithSecret {
        var normalized = input
        normalized.publicKey = input.publicKey.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let input = normalized
        try requireManager(actor)
        let problems = await input.problems()
        guard problems.isEmpty else { throw Problem.validation(problems) }
        try actor.requireDistrictOrDeployment(input.district)
        if input.district == "*" && actor.district != "*" { throw Problem.forbidden("只有全系统管理员可以添加全系统范围的客户端。") }
        let clientID = ClientSecret.makeID()
        let secret = input.publicKey == nil ? ClientSecret.make() : nil
        let now = environment.clock.now()
        let view = try await environment.database.transaction { db in
            try await MachineClientStore.insert(db, clientID: clientID, input, secretHash: secret.map(ClientSecret.hash) ?? ClientSecret.none,
                                                by: actor.subject, at: now)
            try await environment.audit(db, actor: actor.subject, action: "client-added", entity: "client", entityID: clientID,
                                        summary: "\(input.role.rawValue) in \(input.district), \(secret == nil ? "private_key_jwt" : "client_secret"), client \(address)")
            return try await MachineClientStore.find(db, clientID: clientID)!.view
        }
        return MachineClientWithSecret(client: view, clientSecret: secret)
    }

    /// Disables or enables a client. A disabled client gets no new token; the ones it has run out
    /// within their 5 minutes.
    static func setStatus(_ clientID: String, _ status: MachineClientStatus, by actor: Principal, address: String, environment: ServiceEnvironment) async throws -> MachineClientView {
        let now = environment.clock.now()
        return try await environment.database.transaction { db in
            let client = try await managed(db, clientID: clientID, by: actor)
            try await MachineClientStore.setStatus(db, clientID: client.view.clientID, status, by: actor.subject, at: now)
            try await environment.audit(db, actor: actor.subject, action: status == .enabled ? "client-enabled" : "client-disabled",
                                        entity: "client", entityID: client.view.clientID, summary: "client \(address)")
            return try await MachineClientStore.find(db, clientID: client.view.clientID)!.view
        }
    }

    /// A new secret, answered once; the old one stops working at once.
    static func rotateSecret(_ clientID: String, by actor: Principal, address: String, environment: ServiceEnvironment) async throws -> MachineClientWithSecret {
        let secret = ClientSecret.make()
        let now = environment.clock.now()
        let view = try await environment.database.transaction { db in
            let client = try await managed(db, clientID: clientID, by: actor)
            guard client.publicKey == nil else {
                throw Problem.conflict("client-uses-key", "客户端 \(clientID) 以公钥（private_key_jwt）认证，没有密钥可以更换。")
            }
            try await MachineClientStore.setSecret(db, clientID: client.view.clientID, hash: ClientSecret.hash(secret), by: actor.subject, at: now)
            try await environment.audit(db, actor: actor.subject, action: "client-secret-rotated", entity: "client", entityID: client.view.clientID,
                                        summary: "client \(address)")
            return try await MachineClientStore.find(db, clientID: client.view.clientID)!.view
        }
        return MachineClientWithSecret(client: view, clientSecret: secret)
    }

    /// The clients an admin may see: their district's, or all for the deployment's admin.
    static func list(by actor: Principal, environment: ServiceEnvironment) async throws -> [MachineClientView] {
        try requireManager(actor)
        return try await MachineClientStore.list(environment.database, district: actor.district == "*" ? nil : actor.district)
    }

    /// A client the actor manages; another district's is a 404, as an unknown one.
    nonisolated(nonsending) private static func managed(_ db: any SQLExecutor, clientID: String, by actor: Principal) async throws -> MachineClientRecord {
        try requireManager(actor)
        guard let client = try await MachineClientStore.find(db, clientID: clientID),
              actor.district == "*" || client.view.district == actor.district else {
            throw Problem.notFound("没有找到客户端 \(clientID)。")
        }
        return client
    }
}
