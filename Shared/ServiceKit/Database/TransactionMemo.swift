import Contracts

/// The audit head the bodies of the SQLite writer's open transaction have already written, so that
/// the next body of the same batch need not read it back: the batch holds the database's write
/// lock, and only `appendAudit` writes the log, so nothing else can change it meanwhile. One read
/// fewer per write on the one writer thread.
///
/// Valid for one transaction only: the writer forgets it when a transaction begins and whenever
/// any of it is rolled back. The writer alone begins, rolls back and commits (no body issues a
/// SAVEPOINT or ROLLBACK of its own). Used only on the writer's thread.
final class TransactionMemo: @unchecked Sendable {
    /// The newest audit entry this transaction appended.
    var auditHead: AuditHead?

    func forget() {
        auditHead = nil
    }
}

/// The open transaction's memo when `db` is the SQLite writer's handle; nil anywhere else
/// (PostgreSQL, whose rows and locks already order these, or a reader).
func transactionMemo(_ db: any SQLExecutor) -> TransactionMemo? {
    (db as? WriterConnection)?.connection.memo
}
