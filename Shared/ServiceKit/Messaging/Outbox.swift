import Contracts
import Foundation

/// A message ready to be written: its id and JSON body are made before the transaction, so the
/// single SQLite writer spends its time on SQL only.
public struct OutgoingMessage: Sendable {
    public let id: String
    public let type: MessageType
    public let destinations: [ServiceName]
    public let district: String
    public let entity: String
    public let body: String

    public init<Body: Encodable>(_ type: MessageType, to destinations: [ServiceName], district: String, entity: String, body: Body) throws {
        id = makeID(prefix: "msg")
        self.type = type
        self.destinations = destinations
        self.district = district
        self.entity = entity
        self.body = String(decoding: try messageEncoder.encode(body), as: UTF8.self)
    }
}

/// Writes a message into the outbox, inside the caller's transaction: the state change and the
/// message it causes commit together or not at all. One row per destination; each row is
/// delivered on its own. Returns the message id (the receivers' idempotency key).
@discardableResult
nonisolated(nonsending) public func enqueue(_ message: OutgoingMessage, _ db: any SQLExecutor, at now: Date = Date()) async throws -> String {
    let sequence = try await nextSequence(for: message.entity, db)
    for destination in message.destinations {
        try await db.execute("""
            INSERT INTO outbox (id, destination, type, district, entity, sequence, body, created_at, next_attempt_at)
            VALUES (\(message.id), \(destination.rawValue), \(message.type.rawValue), \(message.district), \(message.entity),
                    \(sequence), \(message.body), \(now), \(now))
            """)
    }
    return message.id
}

/// The number of an entity's next message; receivers apply an entity's messages in this order.
/// PostgreSQL counts per entity in `outbox_sequences`, whose row lock orders instances enqueueing
/// for one entity at once. On SQLite the one writer numbers all messages from one counter
/// (`MessageNumbers`), which starts after the highest number in the outbox or in `outbox_sequences`,
/// where housekeeping carries the numbers of the rows it clears.
nonisolated(nonsending) private func nextSequence(for entity: String, _ db: any SQLExecutor) async throws -> Int64 {
    switch db.dialect {
    case .postgres:
        let row = try await db.queryFirst("""
            INSERT INTO outbox_sequences (entity, sequence) VALUES (\(entity), 1)
            ON CONFLICT (entity) DO UPDATE SET sequence = outbox_sequences.sequence + 1
            RETURNING sequence
            """)
        return try row?.int("sequence") ?? 1
    case .sqlite:
        guard let numbers = writerMessageNumbers(db) else {
            throw DatabaseError.unexpected("a message is enqueued inside a transaction, on its handle")
        }
        if numbers.needsStart {
            let row = try await db.queryFirst("""
                SELECT MAX(COALESCE((SELECT MAX(sequence) FROM outbox), 0),
                           COALESCE((SELECT MAX(sequence) FROM outbox_sequences), 0)) AS highest
                """)
            numbers.start(after: try row?.int("highest") ?? 0)
        }
        return numbers.next()
    }
}

/// `enqueue` for a message built on the spot.
@discardableResult
public func enqueueMessage<Body: Encodable>(
    _ db: any SQLExecutor, type: MessageType, to destinations: [ServiceName], district: String, entity: String,
    body: Body, at now: Date = Date()
) async throws -> String {
    try await enqueue(OutgoingMessage(type, to: destinations, district: district, entity: entity, body: body), db, at: now)
}

/// Message JSON: dates as ISO 8601, keys sorted.
let messageEncoder = SortedJSONEncoder()

let messageDecoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
}()

/// An outbox row as the admin CLI shows it.
public struct OutboxEntry: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case pending, delivered, dead }
    public var id: String
    public var destination: String
    public var type: String
    public var entity: String
    public var sequence: Int64
    public var status: Status
    public var attempts: Int64
    public var createdAt: Date
    public var nextAttemptAt: Date
    public var lastError: String?
}

/// Pending messages and dead letters (or one status), oldest first.
public func outboxEntries(_ db: any SQLExecutor, status: OutboxEntry.Status? = nil, limit: Int = 200) async throws -> [OutboxEntry] {
    let filter: SQL = status.map { "status = \($0.rawValue)" } ?? "status <> 'delivered'"
    return try await db.query("""
        SELECT id, destination, type, entity, sequence, status, attempts, created_at, next_attempt_at, last_error
        FROM outbox WHERE \(filter) ORDER BY created_at, id LIMIT \(limit)
        """).map(outboxEntry)
}

func outboxEntry(_ row: SQLRow) throws -> OutboxEntry {
    OutboxEntry(
        id: try row.string("id"), destination: try row.string("destination"), type: try row.string("type"),
        entity: try row.string("entity"), sequence: try row.int("sequence"),
        status: OutboxEntry.Status(rawValue: try row.string("status")) ?? .pending,
        attempts: try row.int("attempts"), createdAt: try row.date("created_at"),
        nextAttemptAt: try row.date("next_attempt_at"), lastError: row.optionalString("last_error"))
}

/// Puts dead letters (all, or the one with `id`) back in the queue with a fresh attempt count.
/// Returns how many were requeued.
@discardableResult
public func retryDeadLetters(_ db: any Database, id: String? = nil, at now: Date = Date()) async throws -> Int {
    let only: SQL = id.map { " AND id = \($0)" } ?? ""
    return try await db.transaction { db in
        try await db.query("""
            UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = \(now), claimed_by = NULL, claimed_until = NULL
            WHERE status = 'dead'\(only) RETURNING id
            """).count
    }
}

/// Counts for `/metrics` and `youyue status`.
public func outboxDepth(_ db: any SQLExecutor) async throws -> (pending: Int, dead: Int) {
    let rows = try await db.query("SELECT status, COUNT(*) AS n FROM outbox WHERE status <> 'delivered' GROUP BY status")
    var pending = 0
    var dead = 0
    for row in rows {
        let count = Int(try row.int("n"))
        if try row.string("status") == "dead" { dead = count } else { pending = count }
    }
    return (pending, dead)
}
