import ServiceKit

/// The bridge's own tables, numbered; applied on start after the kit's.
let procuratorateBridgeMigrations = MigrationSet(scope: "procuratorate-bridge", [
    Migration(1, "referrals", [
        """
        CREATE TABLE referrals (
            id TEXT PRIMARY KEY, district TEXT NOT NULL, suggestion TEXT NOT NULL, fields TEXT NOT NULL, document TEXT NOT NULL,
            signature TEXT NOT NULL, algorithm TEXT NOT NULL, stage TEXT NOT NULL, case_number TEXT, organ TEXT,
            received_on TEXT, organ_reply_due TEXT, acknowledged_at BIGINT, created_by TEXT NOT NULL, created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL)
        """,
        "CREATE UNIQUE INDEX referrals_suggestion ON referrals (district, suggestion)",
        "CREATE INDEX referrals_feed ON referrals (district, updated_at, id)",
        // Every stage the procuratorate reports, signed by it; internal notes stay here.
        """
        CREATE TABLE referral_reports (
            referral_id TEXT NOT NULL, position BIGINT NOT NULL, stage TEXT NOT NULL, detail TEXT NOT NULL, internal_note TEXT,
            reported_by TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (referral_id, position))
        """,
    ]),
    Migration(2, "procuratorial proposals", [
        """
        CREATE TABLE proposals (
            id TEXT PRIMARY KEY, district TEXT NOT NULL, suggestion TEXT NOT NULL, organ TEXT NOT NULL, issue TEXT NOT NULL,
            field TEXT NOT NULL, text TEXT NOT NULL, issued_on TEXT NOT NULL, reply_due TEXT NOT NULL, created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL)
        """,
    ]),
])
