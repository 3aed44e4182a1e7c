import Foundation

/// Remembers the response to each `Idempotency-Key` for 24 hours, with a hash of the request it
/// answered, so a client can retry a submission safely after a dropped connection.
public struct IdempotencyStore: Sendable {
    public enum Start: Sendable, Equatable {
        /// First use: go ahead and record the response afterwards.
        case proceed
        /// Done before with the same request: send the stored response again.
        case replay(StoredResponse)
        /// The same key with another request.
        case mismatch
        /// The first request with this key is still running.
        case inProgress
    }

    public struct StoredResponse: Sendable, Equatable {
        public var status: Int
        public var contentType: String?
        public var body: [UInt8]
    }

    let database: any Database
    let retention: TimeInterval
    /// A request that has not finished in this long is taken to have died with its process.
    let abandonAfter: TimeInterval

    public init(database: any Database, retention: TimeInterval = 24 * 3600, abandonAfter: TimeInterval = 120) {
        self.database = database
        self.retention = retention
        self.abandonAfter = abandonAfter
    }

    public func start(key: String, requestHash: String, now: Date = Date()) async throws -> Start {
        let expired = now.addingTimeInterval(-retention)
        let abandoned = now.addingTimeInterval(-abandonAfter)
        return try await database.transaction { db in
            try await db.execute("""
                DELETE FROM idempotency_keys WHERE key = \(key)
                AND (created_at < \(expired) OR (state = 'running' AND created_at < \(abandoned)))
                """)
            let inserted = try await db.query("""
                INSERT INTO idempotency_keys (key, request_hash, state, created_at) VALUES (\(key), \(requestHash), 'running', \(now))
                ON CONFLICT (key) DO NOTHING RETURNING key
                """)
            if !inserted.isEmpty { return .proceed }
            guard let row = try await db.queryFirst("SELECT request_hash, state, status, content_type, body FROM idempotency_keys WHERE key = \(key)") else {
                return .inProgress
            }
            if try row.string("request_hash") != requestHash { return .mismatch }
            if try row.string("state") == "running" { return .inProgress }
            return .replay(StoredResponse(
                status: Int(try row.int("status")), contentType: row.optionalString("content_type"), body: try row.bytes("body")))
        }
    }

    public func finish(key: String, response: StoredResponse) async throws {
        try await database.execute("""
            UPDATE idempotency_keys SET state = 'done', status = \(response.status), content_type = \(response.contentType),
                body = \(SQLValue.blob(response.body))
            WHERE key = \(key)
            """)
    }

    /// Forgets a key whose request failed on the server's side, so the client's retry runs again.
    public func abandon(key: String) async throws {
        try await database.execute("DELETE FROM idempotency_keys WHERE key = \(key) AND state = 'running'")
    }

    /// Drops records past their retention; run now and then.
    public func purgeExpired(now: Date = Date()) async throws {
        try await database.execute("DELETE FROM idempotency_keys WHERE created_at < \(now.addingTimeInterval(-retention))")
    }
}
