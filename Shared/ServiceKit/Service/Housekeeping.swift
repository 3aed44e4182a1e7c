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
        try await database.execute("""
            DELETE FROM outbox WHERE status = 'delivered' AND delivered_at < \(now.addingTimeInterval(-Self.deliveredRetention))
            """)
    }
}
