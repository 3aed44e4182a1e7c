import ServiceKit

/// The routing service's own tables, numbered; applied on start after the kit's.
let routingMigrations = MigrationSet(scope: "routing", [
    Migration(1, "units and rules", [
        """
        CREATE TABLE units (district TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, street TEXT,
            PRIMARY KEY (district, code))
        """,
        // Rules are versioned: an edit adds a version and retires the one before, so every
        // proposal can name the exact rule text it followed.
        """
        CREATE TABLE routing_rules (
            id TEXT NOT NULL, version BIGINT NOT NULL, district TEXT NOT NULL, category TEXT NOT NULL, street TEXT NOT NULL,
            tier TEXT NOT NULL, lead_unit TEXT NOT NULL, co_units TEXT NOT NULL, complex BIGINT NOT NULL,
            active BIGINT NOT NULL, changed_by TEXT NOT NULL, changed_at BIGINT NOT NULL, PRIMARY KEY (id, version))
        """,
        "CREATE INDEX routing_rules_match ON routing_rules (district, category, street, active)",
    ]),
    Migration(2, "routings and assignments", [
        """
        CREATE TABLE routings (
            suggestion TEXT PRIMARY KEY, district TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, category TEXT NOT NULL,
            street TEXT NOT NULL, lead_deputy TEXT NOT NULL, co_signers TEXT NOT NULL, submitted_at BIGINT NOT NULL,
            status TEXT NOT NULL, tier TEXT NOT NULL, lead_unit TEXT NOT NULL, co_units TEXT NOT NULL, complex BIGINT NOT NULL,
            rule_id TEXT, rule_version BIGINT, reason TEXT NOT NULL, decided_by TEXT, decided_at BIGINT,
            municipal_answer TEXT, municipal_answered_at BIGINT, return_reason TEXT, updated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX routings_queue ON routings (district, status, submitted_at)",
        """
        CREATE TABLE assignment_lists (id TEXT PRIMARY KEY, district TEXT NOT NULL, title TEXT NOT NULL,
            issued_by TEXT NOT NULL, issued_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE assignments (
            id TEXT PRIMARY KEY, list_id TEXT NOT NULL REFERENCES assignment_lists (id), suggestion TEXT NOT NULL,
            unit TEXT NOT NULL, role TEXT NOT NULL, deadline TEXT NOT NULL, status TEXT NOT NULL,
            return_reason TEXT, returned_at BIGINT, issued_at BIGINT NOT NULL)
        """,
        "CREATE INDEX assignments_suggestion ON assignments (suggestion)",
    ]),
    Migration(3, "confidential suggestions", [
        "ALTER TABLE routings ADD COLUMN confidential BIGINT NOT NULL DEFAULT 0",
    ]),
    Migration(4, "rule ids per district", [
        // Each district names its rules as it likes: two districts' files may both say
        // `environment-minzu`. Rebuilt rather than altered: SQLite cannot change a primary key.
        """
        CREATE TABLE routing_rules_by_district (
            id TEXT NOT NULL, version BIGINT NOT NULL, district TEXT NOT NULL, category TEXT NOT NULL, street TEXT NOT NULL,
            tier TEXT NOT NULL, lead_unit TEXT NOT NULL, co_units TEXT NOT NULL, complex BIGINT NOT NULL,
            active BIGINT NOT NULL, changed_by TEXT NOT NULL, changed_at BIGINT NOT NULL, PRIMARY KEY (district, id, version))
        """,
        """
        INSERT INTO routing_rules_by_district (id, version, district, category, street, tier, lead_unit, co_units, complex, active, changed_by, changed_at)
        SELECT id, version, district, category, street, tier, lead_unit, co_units, complex, active, changed_by, changed_at FROM routing_rules
        """,
        "DROP TABLE routing_rules",
        "ALTER TABLE routing_rules_by_district RENAME TO routing_rules",
        "CREATE INDEX routing_rules_match ON routing_rules (district, category, street, active)",
    ]),
])
