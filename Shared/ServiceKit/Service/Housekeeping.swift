import Foundation
import Logging
import ServiceLifecycle

/// Clears what is kept only for a while: idempotency records past 24 hours and delivered outbox
/// rows past a week. Runs beside the server, hourly by default.
struct Housekeeping: Service {
    let database: any Database
    let interval: Duration
    let logger: Logger
    static let deliveredRetention: TimeInterval = 7 * 24 * 3600
    /// On SQLite, the `outbox_sequences` row that keeps the highest number of the messages swept;
    /// no entity id is a bare `*`.
    static let sweptNumbersRow = "*"

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await sweep(now: Date())
                } catch {
                    logger.warning("housekeeping failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    func sweep(now: Date) async throws {
        try await IdempotencyStore(database: database).purgeExpired(now: now)
        let cutoff = now.addingTimeInterval(-Self.deliveredRetention)
        try await database.transaction { db in
            if db.dialect == .sqlite {
                // SQLite's writer numbers every message from one counter, which starts after the
                // highest number in the outbox or in `outbox_sequences`: keep the highest number of
                // the rows that go, in one row, so that no number is ever given twice.
                try await db.execute("""
                    INSERT INTO outbox_sequences (entity, sequence)
                    SELECT \(Self.sweptNumbersRow), sequence FROM outbox WHERE status = 'delivered' AND delivered_at < \(cutoff)
                    ORDER BY sequence DESC LIMIT 1
                    ON CONFLICT (entity) DO UPDATE SET sequence = MAX(outbox_sequences.sequence, excluded.sequence)
                    """)
            }
            try await db.execute("DELETE FROM outbox WHERE status = 'delivered' AND delivered_at < \(cutoff)")
        }
    }
}
