/// Runs statements. A `Database` is one; so is the handle a transaction body receives.
/// `nonisolated(nonsending)`: a statement runs where its caller runs (inside a SQLite transaction,
/// the writer's thread) instead of checking for a hop to the global executor on the way in and
/// out; the writer runs every write, so each check there was time every caller waited.
public protocol SQLExecutor: Sendable {
    var dialect: SQLDialect { get }
    nonisolated(nonsending) func execute(_ sql: SQL) async throws
    nonisolated(nonsending) func query(_ sql: SQL) async throws -> [SQLRow]
}

extension SQLExecutor {
    /// The first row, or nil.
    nonisolated(nonsending) public func queryFirst(_ sql: SQL) async throws -> SQLRow? {
        try await query(sql).first
    }
}

/// The service kit's one interface to storage, SQLite or PostgreSQL. A transaction body must only
/// touch the database (no network calls, no effects elsewhere): on SQLite, bodies share one writer
/// and are grouped into one durable commit, and when another body of its group fails after writing,
/// a body runs a second time (see `GroupCommitWriter`). Its caller gets the value of its last run.
public protocol Database: SQLExecutor {
    /// Where the data lives, without credentials: `sqlite:/data/intake.sqlite`, `postgres://host/db`.
    var location: String { get }
    @discardableResult
    func transaction<Result: Sendable>(_ body: nonisolated(nonsending) @escaping @Sendable (any SQLExecutor) async throws -> Result) async throws -> Result
    func close() async
}
