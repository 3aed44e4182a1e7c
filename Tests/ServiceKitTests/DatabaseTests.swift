import Contracts
import Foundation
import Testing
@testable import ServiceKit
import TestSupport

@Suite("Database")
struct DatabaseTests {
    static let notes = MigrationSet(scope: "notes", [
        Migration(1, "notes", ["CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL, n BIGINT NOT NULL)"]),
        Migration(2, "note author", ["ALTER TABLE notes ADD COLUMN author TEXT"]),
    ])

    @Test("migrations are applied once, in order, and recorded", arguments: Backend.allCases)
    func migrationsAppliedOnce(backend: Backend) async throws {
        try await withKitDatabase(backend, extra: [Self.notes]) { db in
            let expected = kitMigrations.migrations.count + 2
            #expect(try await appliedMigrationCount(db) == expected)
            // Starting again (a restart, or a second replica) applies nothing twice.
            #expect(try await migrate(db, [kitMigrations, Self.notes]) == expected)
            #expect(try await isFullyMigrated(db, [kitMigrations, Self.notes]))
            try await db.execute("INSERT INTO notes (id, body, n, author) VALUES (\("a"), \("老旧小区加装电梯"), \(1), \("代表"))")
            let row = try #require(try await db.queryFirst("SELECT body, author FROM notes WHERE id = \("a")"))
            #expect(try row.string("body") == "老旧小区加装电梯")
            #expect(try row.string("author") == "代表")
        }
    }

    @Test("replicas that start together on one empty database all come up, each migration applied once", arguments: Backend.allCases)
    func replicasMigrateTogether(backend: Backend) async throws {
        try await withFreshDatabaseURL(backend) { url in
            // Separate connections, as separate containers would have.
            let replicas = try (0..<4).map { _ in try openDatabase(url, logger: testLogger) }
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for replica in replicas {
                    group.addTask { try await migrate(replica, [kitMigrations, Self.notes]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let expected = kitMigrations.migrations.count + 2
            #expect(counts == Array(repeating: expected, count: replicas.count))
            let recorded = try await replicas[0].queryFirst("SELECT COUNT(*) AS n FROM schema_migrations WHERE scope = \("notes")")
            #expect(try recorded?.int("n") == 2)
            for replica in replicas { await replica.close() }
        }
    }

    @Test("a migration that fails leaves nothing half-applied", arguments: Backend.allCases)
    func failingMigrationRollsBack(backend: Backend) async throws {
        let broken = MigrationSet(scope: "broken", [
            Migration(1, "half", ["CREATE TABLE half (id TEXT)", "THIS IS NOT SQL"]),
        ])
        try await withKitDatabase(backend) { db in
            await #expect(throws: DatabaseError.self) { try await migrate(db, [broken]) }
            #expect(try await isFullyMigrated(db, [kitMigrations]))
            let brokenApplied = try await isFullyMigrated(db, [kitMigrations, broken])
            #expect(!brokenApplied)
            // The table of the failed migration must not exist: the migration is one transaction.
            await #expect(throws: (any Error).self) { try await db.query("SELECT * FROM half") }
        }
    }

    @Test("a failing transaction changes nothing; a succeeding one commits", arguments: Backend.allCases)
    func transactionAtomicity(backend: Backend) async throws {
        try await withKitDatabase(backend, extra: [Self.notes]) { db in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await db.transaction { tx in
                    try await tx.execute("INSERT INTO notes (id, body, n) VALUES ('x', 'kept?', 1)")
                    throw Boom()
                }
            }
            #expect(try await db.query("SELECT id FROM notes").isEmpty)
            let inserted = try await db.transaction { tx in
                try await tx.execute("INSERT INTO notes (id, body, n) VALUES ('y', 'kept', 2)")
                return try await tx.query("SELECT id FROM notes").count
            }
            #expect(inserted == 1)
        }
    }

    @Test("many concurrent transactions all commit, and one failing among them undoes only itself", arguments: Backend.allCases)
    func concurrentTransactions(backend: Backend) async throws {
        try await withKitDatabase(backend, extra: [Self.notes]) { db in
            struct Refused: Error {}
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        do {
                            try await db.transaction { tx in
                                try await tx.execute("INSERT INTO notes (id, body, n) VALUES (\("n\(index)"), \("第\(index)条"), \(index))")
                                if index == 57 { throw Refused() }
                            }
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 199)
            let rows = try await db.query("SELECT n FROM notes ORDER BY n")
            #expect(rows.count == 199)
            #expect(try !rows.contains { try $0.int("n") == 57 })
        }
    }

    @Test("values of every storage class round-trip through bound parameters", arguments: Backend.allCases)
    func valuesRoundTrip(backend: Backend) async throws {
        let table = MigrationSet(scope: "values", [
            Migration(1, "values", ["CREATE TABLE vals (id TEXT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, t TEXT, b {blob})"]),
        ])
        try await withKitDatabase(backend, extra: [table]) { db in
            let sneaky = "'; DROP TABLE vals; -- 民意?"
            try await db.execute("INSERT INTO vals (id, i, r, t, b) VALUES ('1', \(Int64.max), \(2.5), \(sneaky), \(SQLValue.blob([0, 255, 7])))")
            try await db.execute("INSERT INTO vals (id, i, r, t, b) VALUES ('2', \(Int64?.none), \(Double?.none), \(String?.none), \(SQLValue.null))")
            let first = try #require(try await db.queryFirst("SELECT * FROM vals WHERE id = '1'"))
            #expect(try first.int("i") == Int64.max)
            #expect(try first.double("r") == 2.5)
            #expect(try first.string("t") == sneaky)
            #expect(try first.bytes("b") == [0, 255, 7])
            let second = try #require(try await db.queryFirst("SELECT * FROM vals WHERE id = '2'"))
            #expect(second["i"] == .null && second["t"] == .null && second["b"] == .null)
            #expect(throws: DatabaseError.self) { try second.int("i") }
        }
    }

    @Test("SQLite runs with WAL, foreign keys, a busy timeout and synchronous=FULL, on its readers and its writer")
    func sqliteDurabilitySettings() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try SQLiteDatabase(path: folder + "/durable.sqlite")
        let journal = try await db.queryFirst("PRAGMA journal_mode")
        let synchronous = try await db.queryFirst("PRAGMA synchronous")
        let foreignKeys = try await db.queryFirst("PRAGMA foreign_keys")
        #expect(journal?.values.first == .text("wal"))
        #expect(synchronous?.values.first == .integer(2))
        #expect(foreignKeys?.values.first == .integer(1))
        // Writes run on the writer's own connection, whose COMMIT waits for the disk.
        let writerSynchronous = try await db.transaction { try await $0.queryFirst("PRAGMA synchronous") }
        #expect(writerSynchronous?.values.first == .integer(2))
        await db.close()
    }

    @Test("on SQLite, a write after close() is refused with an error instead of waiting for ever")
    func sqliteWriteAfterClose() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try SQLiteDatabase(path: folder + "/closed.sqlite")
        try await db.execute("CREATE TABLE notes (id TEXT)")
        await db.close()
        // The writer's thread has gone; the write must still come back, as a failure.
        await #expect(throws: (any Error).self) {
            try await db.execute("INSERT INTO notes (id) VALUES ('late')")
        }
    }

    @Test("a database made before the kit's tables were keyed in place keeps its messages, sequences and audit chain", arguments: Backend.allCases)
    func kitTablesRekeyedWithTheirData(backend: Backend) async throws {
        try await withFreshDatabaseURL(backend) { url in
            let database = try openDatabase(url, logger: testLogger)
            // The kit as it was before migration 6.
            try await migrate(database, [MigrationSet(scope: "kit", Array(kitMigrations.migrations.prefix(5)))])
            try await database.transaction { db in
                for index in 0..<3 {
                    try await enqueueMessage(db, type: .ping, to: [.routing, .supervision], district: "d", entity: "e", body: PingBody(note: "n\(index)"))
                    try await appendAudit(db, suite: .national, actor: "a", action: "act", entity: "thing", entityID: "t\(index)")
                }
            }
            let before = try await outboxEntries(database)
            try await migrate(database, [kitMigrations])

            #expect(try await outboxEntries(database) == before && before.count == 6)
            #expect(before.map(\.sequence).sorted() == [1, 1, 2, 2, 3, 3])
            #expect(try await verifyAuditChain(database, suite: .national).firstBroken == nil)
            // The next message for the entity goes on counting, and the chain goes on growing.
            try await database.transaction { db in
                try await enqueueMessage(db, type: .ping, to: [.routing], district: "d", entity: "e", body: PingBody(note: "after"))
                try await appendAudit(db, suite: .national, actor: "a", action: "act", entity: "thing", entityID: "t3")
            }
            #expect(try await outboxEntries(database).map(\.sequence).max() == 4)
            let verification = try await verifyAuditChain(database, suite: .national)
            #expect(verification.firstBroken == nil && verification.entries == 4)
            if database.dialect == .sqlite {
                let schema = try await database.query("SELECT name, sql FROM sqlite_master WHERE name IN ('outbox', 'outbox_sequences', 'audit_log')")
                #expect(schema.count == 3)
                for table in schema {
                    let sql = try table.string("sql")
                    #expect(sql.contains("WITHOUT ROWID") || sql.contains("INTEGER PRIMARY KEY"), "\(sql)")
                }
            }
            await database.close()
        }
    }

    @Test("placeholders are renumbered for PostgreSQL, quoted text left alone")
    func placeholderNumbering() {
        let sql: SQL = "SELECT '?' AS q, \(1) AS a, \("x") AS b WHERE c = ?"
        #expect(sql.numberedPlaceholders() == "SELECT '?' AS q, $1 AS a, $2 AS b WHERE c = $3")
        #expect(sql.bindings == [.integer(1), .text("x")])
    }

    @Test("database URLs: SQLite paths, PostgreSQL servers, and clear errors")
    func databaseURLs() throws {
        #expect(try DatabaseURL(parsing: "sqlite://.youyue/intake.sqlite") == .sqlite(path: ".youyue/intake.sqlite"))
        #expect(try DatabaseURL(parsing: "/data/x.sqlite") == .sqlite(path: "/data/x.sqlite"))
        let parsed = try DatabaseURL(parsing: "postgres://u:p@db.local:6543/youyue")
        #expect(parsed == .postgres(.init(host: "db.local", port: 6543, user: "u", password: "p", database: "youyue")))
        let secured = try DatabaseURL(parsing: "postgres://u@db.local/youyue?sslmode=verify-full&sslrootcert=/run/secrets/ca.pem")
        #expect(secured == .postgres(.init(host: "db.local", user: "u", database: "youyue", tls: .verifyFull, rootCertificate: "/run/secrets/ca.pem")))
        if case .postgres(let server) = secured {
            #expect(try DatabaseURL(parsing: server.urlString) == secured)
        }
        #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "postgres://u@db.local/youyue?sslmode=allow") }
        #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "postgres://u@db.local/youyue?sslcert=x.pem") }
        #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "mysql://x/y") }
        #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "postgres:///nohost") }
    }
}
