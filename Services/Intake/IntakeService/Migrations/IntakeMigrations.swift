import ServiceKit

/// The intake service's own tables, numbered; applied on start after the kit's.
let intakeMigrations = MigrationSet(scope: "intake", [
    Migration(1, "reference data", [
        "CREATE TABLE categories (district TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (district, code))",
        """
        CREATE TABLE streets (district TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
            PRIMARY KEY (district, code))
        """,
        """
        CREATE TABLE communities (district TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, street TEXT NOT NULL,
            PRIMARY KEY (district, code))
        """,
        """
        CREATE TABLE stations (code TEXT PRIMARY KEY, district TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
            street TEXT NOT NULL, community TEXT, address TEXT NOT NULL, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION)
        """,
        "CREATE INDEX stations_street ON stations (district, street)",
        """
        CREATE TABLE deputies (code TEXT PRIMARY KEY, district TEXT NOT NULL, name TEXT NOT NULL, level TEXT NOT NULL,
            work_unit TEXT NOT NULL, public_contact TEXT NOT NULL, station TEXT NOT NULL)
        """,
        "CREATE INDEX deputies_station ON deputies (station)",
    ]),
    Migration(2, "opinions", [
        """
        CREATE TABLE opinions (
            id TEXT PRIMARY KEY, district TEXT NOT NULL, receipt_code TEXT NOT NULL UNIQUE, channel TEXT NOT NULL,
            station TEXT NOT NULL, street TEXT NOT NULL, community TEXT, category TEXT NOT NULL,
            content TEXT NOT NULL, place TEXT, latitude DOUBLE PRECISION, longitude DOUBLE PRECISION,
            contact_sealed TEXT, anonymous BIGINT NOT NULL, status TEXT NOT NULL, explanation TEXT,
            recorded_by TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX opinions_station ON opinions (station, created_at)",
        "CREATE INDEX opinions_street ON opinions (district, street, created_at)",
        """
        CREATE TABLE opinion_timeline (
            opinion_id TEXT NOT NULL, position BIGINT NOT NULL, at BIGINT NOT NULL, kind TEXT NOT NULL,
            note TEXT NOT NULL, PRIMARY KEY (opinion_id, position))
        """,
    ]),
    Migration(3, "ledger search", [
        "ALTER TABLE opinions ADD COLUMN search_tokens TEXT NOT NULL DEFAULT ''",
        // Character bigrams (and single characters) as words: see Text/ChineseBigrams.swift.
        "CREATE VIRTUAL TABLE opinion_search USING fts5(opinion_id UNINDEXED, tokens, tokenize = 'unicode61')",
    ], postgres: [
        "ALTER TABLE opinions ADD COLUMN search_tokens TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX opinions_search ON opinions USING GIN (to_tsvector('simple', search_tokens))",
    ]),
    Migration(4, "suggestions", [
        """
        CREATE TABLE suggestions (
            id TEXT PRIMARY KEY, district TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, category TEXT NOT NULL,
            street TEXT NOT NULL, place TEXT, lead_deputy TEXT NOT NULL, status TEXT NOT NULL,
            created_at BIGINT NOT NULL, submitted_at BIGINT)
        """,
        """
        CREATE TABLE suggestion_signers (
            suggestion_id TEXT NOT NULL REFERENCES suggestions (id), deputy TEXT NOT NULL, role TEXT NOT NULL,
            confirmed_at BIGINT, PRIMARY KEY (suggestion_id, deputy))
        """,
        """
        CREATE TABLE suggestion_opinions (
            suggestion_id TEXT NOT NULL REFERENCES suggestions (id), opinion_id TEXT NOT NULL REFERENCES opinions (id),
            PRIMARY KEY (suggestion_id, opinion_id))
        """,
        "CREATE INDEX suggestion_signers_deputy ON suggestion_signers (deputy)",
    ]),
    Migration(5, "activities", [
        """
        CREATE TABLE activities (
            id TEXT PRIMARY KEY, district TEXT NOT NULL, station TEXT NOT NULL, street TEXT NOT NULL, theme TEXT NOT NULL,
            mode TEXT NOT NULL, title TEXT NOT NULL, starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL,
            invited_units TEXT NOT NULL, status TEXT NOT NULL, opinions_collected BIGINT NOT NULL DEFAULT 0,
            resolved_on_spot BIGINT NOT NULL DEFAULT 0, created_by TEXT NOT NULL, created_at BIGINT NOT NULL)
        """,
        "CREATE INDEX activities_station ON activities (station, starts_at)",
        """
        CREATE TABLE activity_deputies (
            activity_id TEXT NOT NULL REFERENCES activities (id), deputy TEXT NOT NULL, present BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (activity_id, deputy))
        """,
    ]),
    Migration(6, "triage", [
        // An opinion merged into a common issue points at the opinion that carries the issue.
        "ALTER TABLE opinions ADD COLUMN merged_into TEXT",
        "CREATE INDEX opinions_merged_into ON opinions (merged_into)",
        // The most similar open opinions are looked for within one street and category.
        "CREATE INDEX opinions_triage ON opinions (district, street, category, status, created_at)",
    ]),
    Migration(7, "confidential suggestions", [
        "ALTER TABLE suggestions ADD COLUMN confidential BIGINT NOT NULL DEFAULT 0",
    ]),
    Migration(8, "public ratings", [
        // 办理结果网上评: one rating per opinion, by its receipt code, once its suggestion is answered.
        "CREATE TABLE public_ratings (opinion_id TEXT PRIMARY KEY, suggestion_id TEXT NOT NULL, satisfaction TEXT NOT NULL, rated_at BIGINT NOT NULL)",
    ]),
    Migration(9, "procuratorial proposals", [
        // A draft the bridge created from a procuratorial suggestion, until a deputy takes it up.
        "ALTER TABLE suggestions ADD COLUMN procuratorial_proposal TEXT",
    ]),
    // Search with a street filter, the ledger's commonest, answered by the text index alone: the
    // street is one more token (`st<code>`) and so is the 30-day span (`b<n>`), so a common word
    // in one street no longer means reading every opinion of the street. On SQLite the index's
    // rowid is the opinion's, so the matches are fetched directly rather than looked up by id.
    Migration(10, "ledger search by street", [
        "CREATE VIRTUAL TABLE opinion_text USING fts5(tokens, tokenize = 'unicode61')",
        "INSERT INTO opinion_text (rowid, tokens) SELECT rowid, \(searchDocument()) FROM opinions",
        "DROP TABLE opinion_search",
    ], postgres: [
        "CREATE INDEX opinions_search_street ON opinions USING GIN (to_tsvector('simple', \(searchDocument())))",
        "DROP INDEX opinions_search",
    ]),
    // Ledger statistics by street, channel, category and month without counting a million rows:
    // kept up to date as opinions are written; filters it cannot answer still count the opinions.
    Migration(11, "ledger counts", [
        """
        CREATE TABLE opinion_counts (
            district TEXT NOT NULL, month TEXT NOT NULL, street TEXT NOT NULL, channel TEXT NOT NULL, category TEXT NOT NULL,
            n BIGINT NOT NULL, PRIMARY KEY (district, month, street, channel, category))
        """,
        """
        INSERT INTO opinion_counts (district, month, street, channel, category, n)
        SELECT district, strftime('%Y-%m', created_at / 1000 + 8 * 3600, 'unixepoch'), street, channel, category, COUNT(*)
        FROM opinions GROUP BY 1, 2, 3, 4, 5
        """,
    ], postgres: [
        """
        CREATE TABLE opinion_counts (
            district TEXT NOT NULL, month TEXT NOT NULL, street TEXT NOT NULL, channel TEXT NOT NULL, category TEXT NOT NULL,
            n BIGINT NOT NULL, PRIMARY KEY (district, month, street, channel, category))
        """,
        """
        INSERT INTO opinion_counts (district, month, street, channel, category, n)
        SELECT district, to_char(to_timestamp(created_at / 1000.0) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), street, channel, category, COUNT(*)
        FROM opinions GROUP BY 1, 2, 3, 4, 5
        """,
    ]),
])
