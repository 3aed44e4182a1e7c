/// The numbers the SQLite writer gives outgoing messages: one counter for every message of the
/// database, so each entity's messages are numbered in the order they were written. That order is
/// all a receiver needs (it ignores a message older than one it has applied); the numbers of one
/// entity need not run 1, 2, 3, and a number taken by a body that was then undone is skipped.
/// So no write reads an entity's last number back: the writer, which every write waits for, runs
/// one statement fewer per message.
///
/// Starts, on the first message after the database was opened, after the highest number in the
/// outbox or carried out of it by housekeeping (one pass over the outbox, whose delivered rows go
/// after a week). One writer per database file: a SQLite service runs as one instance; several
/// instances share PostgreSQL, which keeps counter rows. Used only on the writer's thread.
final class MessageNumbers: @unchecked Sendable {
    /// The last number taken; nil until it is known where to start.
    private var last: Int64?

    /// Whether `start(after:)` must come before the next number.
    var needsStart: Bool { last == nil }

    func start(after highest: Int64) {
        last = highest
    }

    func next() -> Int64 {
        let number = (last ?? 0) + 1
        last = number
        return number
    }
}

/// The SQLite writer's message numbers when `db` is its handle; nil anywhere else.
func writerMessageNumbers(_ db: any SQLExecutor) -> MessageNumbers? {
    (db as? WriterConnection)?.connection.messageNumbers
}
