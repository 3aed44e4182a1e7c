import Contracts
import Logging
import ServiceKit

/// Creates the per-service databases on a PostgreSQL server when they do not exist yet.
public func createServiceDatabases(on server: DatabaseURL.Postgres, logger: Logger) async throws {
    try await checkPostgresConnection(server, logger: logger)
    let admin = PostgresDatabase(url: server, maximumConnections: 1, logger: logger)
    do {
        try await createMissingDatabases(admin, logger: logger)
    } catch {
        await admin.close()
        throw error
    }
    await admin.close()
}

func createMissingDatabases(_ admin: PostgresDatabase, logger: Logger) async throws {
    for service in ServiceName.allCases {
        let name = databaseName(for: service)
        let exists = try await admin.queryFirst("SELECT 1 AS present FROM pg_database WHERE datname = \(name)")
        if exists == nil {
            // Names come from code, never from input: safe to paste.
            try await admin.execute("CREATE DATABASE \(unsafeRaw: name)")
            logger.info("created database \(name)")
        }
    }
}
