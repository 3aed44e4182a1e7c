import Foundation

/// One numbered schema change. Statements are shared by both dialects; where DDL differs a
/// migration names a PostgreSQL variant. `{blob}` in a statement becomes BLOB or BYTEA.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let statements: [String]
    public let postgresStatements: [String]?

    public init(_ version: Int, _ name: String, _ statements: [String], postgres: [String]? = nil) {
        self.version = version
        self.name = name
        self.statements = statements
        self.postgresStatements = postgres
    }

    func statements(for dialect: SQLDialect) -> [String] {
        let chosen = dialect == .postgres ? (postgresStatements ?? statements) : statements
        return chosen.map { $0.replacingOccurrences(of: "{blob}", with: dialect == .postgres ? "BYTEA" : "BLOB") }
    }
}

/// A named, ordered list of migrations: the kit's own tables, then each service's.
public struct MigrationSet: Sendable {
    public let scope: String
    public let migrations: [Migration]

    public init(scope: String, _ migrations: [Migration]) {
        self.scope = scope
        self.migrations = migrations
    }
}

/// Applies what is missing, each migration in its own transaction together with its record in
/// `schema_migrations`. On PostgreSQL an advisory lock makes replicas that start together take
/// turns, and the second finds the work done. Returns how many migrations are now applied.
@discardableResult
public func migrate(_ database: any Database, _ sets: [MigrationSet]) async throws -> Int {
    try await database.transaction { db in
        // Two PostgreSQL replicas creating the table at once can both pass IF NOT EXISTS and one
        // then fails on the catalog's unique index; under the lock the second finds it there.
        try await takeMigrationLock(db)
        try await db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                scope TEXT NOT NULL, version BIGINT NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL,
                PRIMARY KEY (scope, version))
            """)
    }
    for set in sets {
        for migration in set.migrations.sorted(by: { $0.version < $1.version }) {
            try await database.transaction { db in
                try await takeMigrationLock(db)
                let applied = try await db.queryFirst(
                    "SELECT 1 AS applied FROM schema_migrations WHERE scope = \(set.scope) AND version = \(migration.version)")
                guard applied == nil else { return }
                do {
                    for statement in migration.statements(for: db.dialect) {
                        try await db.execute(SQL(statement))
                    }
                } catch {
                    throw DatabaseError.migrationFailed(version: migration.version, name: migration.name, reason: String(describing: error))
                }
                try await db.execute("""
                    INSERT INTO schema_migrations (scope, version, name, applied_at)
                    VALUES (\(set.scope), \(migration.version), \(migration.name), \(Date()))
                    """)
            }
        }
    }
    return try await appliedMigrationCount(database)
}

/// On PostgreSQL, one migrating instance at a time, until its transaction ends. SQLite has one
/// writer already.
private func takeMigrationLock(_ db: any SQLExecutor) async throws {
    guard db.dialect == .postgres else { return }
    try await db.execute("SELECT pg_advisory_xact_lock(\(Int64(7_0717_2026)))")
}

public func appliedMigrationCount(_ database: any SQLExecutor) async throws -> Int {
    let row = try await database.queryFirst("SELECT COUNT(*) AS applied FROM schema_migrations")
    return Int(try row?.int("applied") ?? 0)
}

/// Whether every migration of `sets` is recorded: `/health/ready` is false until it is.
public func isFullyMigrated(_ database: any SQLExecutor, _ sets: [MigrationSet]) async throws -> Bool {
    let expected = sets.reduce(0) { $0 + $1.migrations.count }
    return try await appliedMigrationCount(database) >= expected
}
