import Contracts
import Foundation

/// One entry of a service's append-only audit log. `summary` holds what happened without personal
/// data, so erasing a citizen's details on schedule never breaks the chain.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var sequence: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var entity: String
    public var entityID: String
    public var summary: String
    public var previousHash: String
    public var hash: String
}

/// The first entry of every chain points at this.
public let auditGenesisHash = String(repeating: "0", count: 64)

/// The bytes that are hashed: the UTF-8 text of every field but the hash itself, in a fixed order,
/// each length-prefixed so that no two different entries can produce the same text. Written
/// straight into one buffer: this runs for every write, on SQLite's single writer.
func canonicalAuditBytes(sequence: Int64, at: Date, actor: String, action: String, entity: String, entityID: String, summary: String, previousHash: String) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(80 + actor.utf8.count + action.utf8.count + entity.utf8.count + entityID.utf8.count
                          + summary.utf8.count + previousHash.utf8.count)
    func append(_ field: String) {
        if !bytes.isEmpty { bytes.append(UInt8(ascii: "|")) }
        bytes.append(contentsOf: String(field.utf8.count).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: field.utf8)
    }
    // The first field, a number, is never empty, so the separator goes before every later one.
    append(String(sequence))
    append(String(at.millisecondsSince1970))
    append(actor)
    append(action)
    append(entity)
    append(entityID)
    append(summary)
    append(previousHash)
    return bytes
}

/// Appends an entry inside the caller's transaction, so the change and its record commit together.
/// Appends are serialised: on PostgreSQL by a lock on the `audit_head` row, which also holds the
/// head; on SQLite by its one writer, so there the head is read from the newest entry itself and
/// no head row is rewritten on every write (the `audit_head` row of a SQLite file is left as it was);
/// later appends of the same grouped transaction take it from the `TransactionMemo`.
@discardableResult
nonisolated(nonsending) public func appendAudit(_ db: any SQLExecutor, suite: CryptoSuite, actor: String, action: String, entity: String, entityID: String, summary: String = "", at: Date = Date()) async throws -> AuditHead {
    let memo = transactionMemo(db)
    let previous = if let head = memo?.auditHead { head } else { try await auditHead(db, lockingForAppend: true) }
    let sequence = previous.sequence + 1
    let stamp = Date(millisecondsSince1970: at.millisecondsSince1970)
    let hash = suite.hexDigest(canonicalAuditBytes(
        sequence: sequence, at: stamp, actor: actor, action: action, entity: entity, entityID: entityID,
        summary: summary, previousHash: previous.hash))
    try await db.execute("""
        INSERT INTO audit_log (sequence, at, actor, action, entity, entity_id, summary, previous_hash, hash)
        VALUES (\(sequence), \(stamp), \(actor), \(action), \(entity), \(entityID), \(summary), \(previous.hash), \(hash))
        """)
    if db.dialect == .postgres {
        try await db.execute("""
            INSERT INTO audit_head (id, sequence, hash) VALUES (1, \(sequence), \(hash))
            ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash
            """)
    }
    let head = AuditHead(sequence: sequence, hash: hash)
    memo?.auditHead = head
    return head
}

/// The newest entry's position and hash, published to other services with every message.
public func currentAuditHead(_ db: any SQLExecutor) async throws -> AuditHead {
    try await auditHead(db, lockingForAppend: false)
}

nonisolated(nonsending) private func auditHead(_ db: any SQLExecutor, lockingForAppend: Bool) async throws -> AuditHead {
    let row = switch db.dialect {
    case .postgres:
        try await db.queryFirst("SELECT sequence, hash FROM audit_head WHERE id = 1\(unsafeRaw: lockingForAppend ? " FOR UPDATE" : "")")
    case .sqlite:
        try await db.queryFirst("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1")
    }
    guard let row else { return AuditHead(sequence: 0, hash: auditGenesisHash) }
    return AuditHead(sequence: try row.int("sequence"), hash: try row.string("hash"))
}

public func auditEntries(_ db: any SQLExecutor, after sequence: Int64 = 0, limit: Int = 1000) async throws -> [AuditEntry] {
    try await db.query("""
        SELECT sequence, at, actor, action, entity, entity_id, summary, previous_hash, hash
        FROM audit_log WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)
        """).map { row in
        AuditEntry(
            sequence: try row.int("sequence"), at: try row.date("at"), actor: try row.string("actor"),
            action: try row.string("action"), entity: try row.string("entity"), entityID: try row.string("entity_id"),
            summary: try row.string("summary"), previousHash: try row.string("previous_hash"), hash: try row.string("hash"))
    }
}
