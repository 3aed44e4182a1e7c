/// The tables every service has: outbox and inbox, idempotency records, and the audit chain.
public let kitMigrations = MigrationSet(scope: "kit", [
    Migration(1, "outbox", [
        """
        CREATE TABLE outbox (
            id TEXT NOT NULL, destination TEXT NOT NULL, type TEXT NOT NULL, district TEXT NOT NULL,
            entity TEXT NOT NULL, sequence BIGINT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending', attempts BIGINT NOT NULL DEFAULT 0,
            next_attempt_at BIGINT NOT NULL, last_error TEXT, claimed_by TEXT, claimed_until BIGINT,
            delivered_at BIGINT,
            PRIMARY KEY (id, destination))
        """,
        "CREATE INDEX outbox_due ON outbox (status, next_attempt_at)",
        "CREATE INDEX outbox_entity ON outbox (destination, entity, sequence)",
        "CREATE TABLE outbox_sequences (entity TEXT PRIMARY KEY, sequence BIGINT NOT NULL)",
    ]),
    Migration(2, "inbox", [
        """
        CREATE TABLE inbox (
            message_id TEXT PRIMARY KEY, sender TEXT NOT NULL, type TEXT NOT NULL, entity TEXT NOT NULL,
            sequence BIGINT NOT NULL, body_hash TEXT NOT NULL, outcome TEXT NOT NULL, received_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE inbox_sequences (
            sender TEXT NOT NULL, entity TEXT NOT NULL, sequence BIGINT NOT NULL, PRIMARY KEY (sender, entity))
        """,
    ]),
    Migration(3, "idempotency", [
        """
        CREATE TABLE idempotency_keys (
            key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, state TEXT NOT NULL, status BIGINT,
            content_type TEXT, body {blob}, created_at BIGINT NOT NULL)
        """,
        "CREATE INDEX idempotency_age ON idempotency_keys (created_at)",
    ]),
    Migration(4, "audit", [
        """
        CREATE TABLE audit_log (
            sequence BIGINT PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            entity TEXT NOT NULL, entity_id TEXT NOT NULL, summary TEXT NOT NULL,
            previous_hash TEXT NOT NULL, hash TEXT NOT NULL)
        """,
        "CREATE TABLE audit_head (id BIGINT PRIMARY KEY, sequence BIGINT NOT NULL, hash TEXT NOT NULL)",
        """
        CREATE TABLE audit_heads_seen (
            sender TEXT NOT NULL, sequence BIGINT NOT NULL, hash TEXT NOT NULL, seen_at BIGINT NOT NULL,
            PRIMARY KEY (sender, sequence))
        """,
    ]),
    // The head row exists from the start, so the first appends on PostgreSQL queue on its row lock
    // instead of all reading "no entries yet" and colliding on sequence 1.
    Migration(5, "audit head row", [
        "INSERT INTO audit_head (id, sequence, hash) SELECT 1, 0, '\(auditGenesisHash)' WHERE NOT EXISTS (SELECT 1 FROM audit_head WHERE id = 1)",
    ]),
    // Every write touches these tables. On SQLite a table whose key is not the integer rowid is
    // two b-trees (the rows, and an index on the key), and each b-tree touched is one more page
    // in the commit's log flush. Rebuilt so that the key is the rowid (the audit log) or the
    // table itself (WITHOUT ROWID). PostgreSQL's tables are already one heap and one key index.
    Migration(6, "kit tables keyed in place on SQLite", [
        """
        CREATE TABLE audit_log_keyed (
            sequence INTEGER PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            entity TEXT NOT NULL, entity_id TEXT NOT NULL, summary TEXT NOT NULL,
            previous_hash TEXT NOT NULL, hash TEXT NOT NULL)
        """,
        """
        INSERT INTO audit_log_keyed (sequence, at, actor, action, entity, entity_id, summary, previous_hash, hash)
        SELECT sequence, at, actor, action, entity, entity_id, summary, previous_hash, hash FROM audit_log
        """,
        "DROP TABLE audit_log",
        "ALTER TABLE audit_log_keyed RENAME TO audit_log",
        "CREATE TABLE outbox_sequences_keyed (entity TEXT PRIMARY KEY, sequence BIGINT NOT NULL) WITHOUT ROWID",
        "INSERT INTO outbox_sequences_keyed (entity, sequence) SELECT entity, sequence FROM outbox_sequences",
        "DROP TABLE outbox_sequences",
        "ALTER TABLE outbox_sequences_keyed RENAME TO outbox_sequences",
        """
        CREATE TABLE outbox_keyed (
            id TEXT NOT NULL, destination TEXT NOT NULL, type TEXT NOT NULL, district TEXT NOT NULL,
            entity TEXT NOT NULL, sequence BIGINT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending', attempts BIGINT NOT NULL DEFAULT 0,
            next_attempt_at BIGINT NOT NULL, last_error TEXT, claimed_by TEXT, claimed_until BIGINT,
            delivered_at BIGINT,
            PRIMARY KEY (id, destination)) WITHOUT ROWID
        """,
        """
        INSERT INTO outbox_keyed (id, destination, type, district, entity, sequence, body, created_at, status, attempts,
                                  next_attempt_at, last_error, claimed_by, claimed_until, delivered_at)
        SELECT id, destination, type, district, entity, sequence, body, created_at, status, attempts,
               next_attempt_at, last_error, claimed_by, claimed_until, delivered_at FROM outbox
        """,
        "DROP TABLE outbox",
        "ALTER TABLE outbox_keyed RENAME TO outbox",
        "CREATE INDEX outbox_due ON outbox (status, next_attempt_at)",
        "CREATE INDEX outbox_entity ON outbox (destination, entity, sequence)",
    ], postgres: []),
    // On SQLite the one writer numbers an entity's messages from the outbox itself (see `enqueue`),
    // so a message no longer rewrites a counter row; the index leads with the entity to find its
    // newest message. PostgreSQL keeps its counter rows, whose locks order concurrent instances.
    Migration(7, "outbox numbered from its own rows on SQLite", [
        "DROP INDEX outbox_entity",
        "CREATE INDEX outbox_entity ON outbox (entity, destination, sequence)",
    ], postgres: []),
])
