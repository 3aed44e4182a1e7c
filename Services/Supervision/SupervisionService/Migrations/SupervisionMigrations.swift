import ServiceKit

/// The supervision service's own tables, numbered; applied on start after the kit's.
let supervisionMigrations = MigrationSet(scope: "supervision", [
    Migration(1, "cases", [
        """
        CREATE TABLE cases (
            id TEXT PRIMARY KEY, district TEXT NOT NULL, assignment TEXT NOT NULL UNIQUE, list_id TEXT NOT NULL,
            suggestion TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, category TEXT NOT NULL, street TEXT NOT NULL,
            tier TEXT NOT NULL, unit TEXT NOT NULL, unit_name TEXT NOT NULL, role TEXT NOT NULL, lead_unit TEXT NOT NULL,
            lead_deputy TEXT NOT NULL, co_signers TEXT NOT NULL, complex BIGINT NOT NULL, status TEXT NOT NULL,
            round BIGINT NOT NULL, deadline TEXT NOT NULL, return_until TEXT NOT NULL, overdue BIGINT NOT NULL DEFAULT 0,
            reply_result TEXT, reply_text TEXT, issued_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX cases_suggestion ON cases (suggestion)",
        "CREATE INDEX cases_unit ON cases (district, unit, status)",
        "CREATE INDEX cases_open ON cases (status, deadline)",
        // Every step of a case; `public` ones appear on the board and the citizen's receipt.
        """
        CREATE TABLE case_events (
            case_id TEXT NOT NULL, position BIGINT NOT NULL, at BIGINT NOT NULL, kind TEXT NOT NULL, public BIGINT NOT NULL,
            note TEXT NOT NULL, actor TEXT NOT NULL, PRIMARY KEY (case_id, position))
        """,
        """
        CREATE TABLE deputy_contacts (
            case_id TEXT NOT NULL, round BIGINT NOT NULL, method TEXT NOT NULL, day TEXT NOT NULL, summary TEXT NOT NULL,
            logged_by TEXT NOT NULL, at BIGINT NOT NULL)
        """,
        "CREATE INDEX deputy_contacts_case ON deputy_contacts (case_id, round)",
        // One row per notice ever due: the key makes each reminder and overdue mark happen once,
        // whichever instance scans and however often it restarts.
        """
        CREATE TABLE deadline_notices (
            case_id TEXT NOT NULL, kind TEXT NOT NULL, deadline TEXT NOT NULL, sent_at BIGINT NOT NULL,
            PRIMARY KEY (case_id, kind, deadline))
        """,
        """
        CREATE TABLE key_suggestions (
            suggestion TEXT PRIMARY KEY, district TEXT NOT NULL, supervisor TEXT NOT NULL, committee TEXT NOT NULL,
            marked_by TEXT NOT NULL, marked_at BIGINT NOT NULL)
        """,
    ]),
    Migration(2, "co-unit opinions, promises, meetings", [
        """
        CREATE TABLE co_opinions (
            case_id TEXT NOT NULL, suggestion TEXT NOT NULL, unit TEXT NOT NULL, unit_name TEXT NOT NULL, text TEXT NOT NULL,
            at BIGINT NOT NULL, PRIMARY KEY (case_id))
        """,
        "CREATE INDEX co_opinions_suggestion ON co_opinions (suggestion)",
        // What a B-class reply promised, tracked until done (回头看 lists the open ones).
        """
        CREATE TABLE promises (
            id TEXT PRIMARY KEY, district TEXT NOT NULL, case_id TEXT NOT NULL, suggestion TEXT NOT NULL, unit TEXT NOT NULL,
            what TEXT NOT NULL, due TEXT NOT NULL, done_at BIGINT, done_note TEXT, created_at BIGINT NOT NULL)
        """,
        "CREATE INDEX promises_open ON promises (district, done_at, due)",
        """
        CREATE TABLE meetings (
            id TEXT PRIMARY KEY, district TEXT NOT NULL, day TEXT NOT NULL, participants TEXT NOT NULL, cases TEXT NOT NULL,
            decisions TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at BIGINT NOT NULL)
        """,
    ]),
    Migration(3, "confidential suggestions", [
        "ALTER TABLE cases ADD COLUMN confidential BIGINT NOT NULL DEFAULT 0",
    ]),
    // Procuratorate stages that arrive before supervision has a case for the suggestion: kept,
    // one row per message of a referral, and moved onto the lead case's timeline when it is
    // created (then deleted, in the same transaction).
    Migration(4, "procuratorate progress before the case", [
        """
        CREATE TABLE pending_procuratorate_progress (
            referral TEXT NOT NULL, sequence BIGINT NOT NULL, district TEXT NOT NULL, suggestion TEXT NOT NULL, stage TEXT NOT NULL,
            public_note TEXT NOT NULL, at BIGINT NOT NULL, received_at BIGINT NOT NULL, PRIMARY KEY (referral, sequence))
        """,
        "CREATE INDEX pending_procuratorate_progress_suggestion ON pending_procuratorate_progress (district, suggestion)",
    ]),
])
