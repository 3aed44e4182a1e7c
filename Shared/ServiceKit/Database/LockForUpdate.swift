/// Takes the row locks that a read-then-write needs (`SELECT … FOR UPDATE`) on PostgreSQL, where
/// transactions run side by side: a second transaction waits at the lock instead of reading the
/// same state and colliding with the first (two timeline steps both taking `MAX(position) + 1`).
/// On SQLite it does nothing: its one writer already runs write transactions one at a time.
nonisolated(nonsending) public func lockForUpdate(_ db: any SQLExecutor, _ select: SQL) async throws {
    guard db.dialect == .postgres else { return }
    _ = try await db.query("\(select) FOR UPDATE")
}
