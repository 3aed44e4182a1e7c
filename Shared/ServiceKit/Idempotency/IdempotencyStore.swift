import Foundation

/// Remembers the answer to each `Idempotency-Key` for 24 hours, with a hash of the request it
/// answered, so a client can retry a submission safely after a dropped connection. An answer is
/// stored only by `commit`, in the transaction that makes the request's effect: a request that
/// changed nothing (refused, invalid, rate-limited) leaves no record and may simply be sent again.
public struct IdempotencyStore: Sendable {
    public enum Lookup: Sendable, Equatable {
        /// Never answered (or forgotten): run the request.
        case absent
        /// Answered before for the same request: send the stored answer again.
        case replay(Answer)
        /// The same key was used for another request.
        case mismatch
    }

    let database: any Database
    let retention: TimeInterval

    public init(database: any Database, retention: TimeInterval = 24 * 3600) {
        self.database = database
        self.retention = retention
    }

    /// What is stored for `key`; reads only.
    public func lookup(key: String, requestHash: String, now: Date = Date()) async throws -> Lookup {
        guard let row = try await database.queryFirst("""
            SELECT request_hash, status, content_type, body FROM idempotency_keys
            WHERE key = \(key) AND state = 'done' AND created_at >= \(now.addingTimeInterval(-retention))
            """) else { return .absent }
        guard try row.string("request_hash") == requestHash else { return .mismatch }
        return .replay(Answer(status: Int(try row.int("status")), contentType: row.optionalString("content_type"), body: try row.bytes("body")))
    }

    /// Stores `answer` inside the transaction `db`. A record past its retention (or one a version
    /// before this left unfinished) is replaced; a live one means another request with this key got
    /// there first, and `IdempotencyKeyTaken` rolls this one back.
    nonisolated(nonsending) public func storeAnswer(_ answer: Answer, key: String, requestHash: String, in db: any SQLExecutor, now: Date = Date()) async throws {
        let stored = try await db.query("""
            INSERT INTO idempotency_keys (key, request_hash, state, status, content_type, body, created_at)
            VALUES (\(key), \(requestHash), 'done', \(answer.status), \(answer.contentType), \(SQLValue.blob(answer.body)), \(now))
            ON CONFLICT (key) DO UPDATE SET request_hash = excluded.request_hash, state = 'done', status = excluded.status,
                content_type = excluded.content_type, body = excluded.body, created_at = excluded.created_at
            WHERE idempotency_keys.state <> 'done' OR idempotency_keys.created_at < \(now.addingTimeInterval(-retention))
            RETURNING key
            """)
        if stored.isEmpty { throw IdempotencyKeyTaken() }
    }

    /// Drops records past their retention; run now and then.
    public func purgeExpired(now: Date = Date()) async throws {
        try await database.execute("DELETE FROM idempotency_keys WHERE created_at < \(now.addingTimeInterval(-retention))")
    }
}
