import Contracts
import Foundation
import ServiceKit

/// A machine client's row: what it shows, and how it authenticates.
struct MachineClientRecord: Sendable {
    var view: MachineClientView
    var secretHash: String
    var publicKey: String?

    /// What its tokens say: the client is the subject, in its role, district and scope.
    var principal: Principal {
        Principal(role: view.role, subject: view.clientID, district: view.district, street: view.street, unit: view.unit)
    }
}

/// The clients table: all of its SQL.
enum MachineClientStore {
    static let columns = SQL("client_id, display_name, role, district, street, unit, status, secret_hash, public_key, changed_by, changed_at")

    nonisolated(nonsending) static func find(_ db: any SQLExecutor, clientID: String) async throws -> MachineClientRecord? {
        try await db.queryFirst("SELECT \(columns) FROM clients WHERE client_id = \(clientID)").map(record)
    }

    nonisolated(nonsending) static func list(_ db: any SQLExecutor, district: String?) async throws -> [MachineClientView] {
        let rows = if let district {
            try await db.query("SELECT \(columns) FROM clients WHERE district = \(district) ORDER BY client_id")
        } else {
            try await db.query("SELECT \(columns) FROM clients ORDER BY client_id")
        }
        return try rows.map { try record($0).view }
    }

    nonisolated(nonsending) static func insert(_ db: any SQLExecutor, clientID: String, _ input: MachineClientInput, secretHash: String,
                                               by actor: String, at now: Date) async throws {
        let street = input.role == .streetStaff ? input.street : nil
        let unit = input.role == .unit ? input.unit : nil
        try await db.execute("""
            INSERT INTO clients (client_id, display_name, role, district, street, unit, status, secret_hash, public_key, changed_by, changed_at, created_at)
            VALUES (\(clientID), \(input.displayName.trimmingCharacters(in: .whitespacesAndNewlines)), \(input.role.rawValue), \(input.district),
                    \(street), \(unit), \(MachineClientStatus.enabled.rawValue), \(secretHash), \(input.publicKey), \(actor), \(now), \(now))
            """)
    }

    nonisolated(nonsending) static func setStatus(_ db: any SQLExecutor, clientID: String, _ status: MachineClientStatus, by actor: String, at now: Date) async throws {
        try await db.execute("UPDATE clients SET status = \(status.rawValue), changed_by = \(actor), changed_at = \(now) WHERE client_id = \(clientID)")
    }

    nonisolated(nonsending) static func setSecret(_ db: any SQLExecutor, clientID: String, hash: String, by actor: String, at now: Date) async throws {
        try await db.execute("UPDATE clients SET secret_hash = \(hash), changed_by = \(actor), changed_at = \(now) WHERE client_id = \(clientID)")
    }

    static func record(_ row: SQLRow) throws -> MachineClientRecord {
        let publicKey = row.optionalString("public_key")
        return MachineClientRecord(
            view: MachineClientView(
                clientID: try row.string("client_id"), displayName: try row.string("display_name"),
                role: Role(rawValue: try row.string("role")) ?? .citizen, district: try row.string("district"),
                street: row.optionalString("street"), unit: row.optionalString("unit"),
                status: MachineClientStatus(rawValue: try row.string("status")) ?? .disabled,
                authentication: publicKey == nil ? .clientSecret : .privateKeyJWT,
                changedBy: try row.string("changed_by"), changedAt: try row.date("changed_at")),
            secretHash: try row.string("secret_hash"), publicKey: publicKey)
    }
}
