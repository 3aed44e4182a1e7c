import ServiceKit

/// The console's own tables, numbered; applied on start after the kit's.
let consoleMigrations = MigrationSet(scope: "console", [
    Migration(1, "accounts and sessions", [
        // A staff account: who, in which role, district and scope; the scrypt hash carries its own
        // parameters. `must_change` is set for a one-time password.
        """
        CREATE TABLE accounts (
            login TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, district TEXT NOT NULL,
            deputy TEXT, street TEXT, unit TEXT, status TEXT NOT NULL, password_hash TEXT NOT NULL, must_change BIGINT NOT NULL,
            totp_secret TEXT, failed_attempts BIGINT NOT NULL, locked_until BIGINT,
            changed_by TEXT NOT NULL, changed_at BIGINT NOT NULL, created_at BIGINT NOT NULL)
        """,
        "CREATE INDEX accounts_district ON accounts (district)",
        // A signed-in browser. Only the SHA-256 of the cookie's value is kept: a copy of the
        // database does not sign anyone in.
        """
        CREATE TABLE sessions (
            id_hash TEXT PRIMARY KEY, login TEXT NOT NULL, csrf TEXT NOT NULL, second_factor BIGINT NOT NULL,
            created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL, client TEXT NOT NULL)
        """,
        "CREATE INDEX sessions_login ON sessions (login)",
        // Failed sign-ins per client address, for the throttle that no account lock can give.
        "CREATE TABLE sign_in_failures (client TEXT NOT NULL, at BIGINT NOT NULL)",
        "CREATE INDEX sign_in_failures_client ON sign_in_failures (client, at)",
    ]),
    Migration(2, "second factor enrolment and replay", [
        // A TOTP secret being enrolled (sealed), until its first code confirms it.
        "ALTER TABLE accounts ADD COLUMN totp_pending TEXT",
        // The last time step a code was accepted for: a code is good once (RFC 6238 §5.2).
        "ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT",
    ]),
    Migration(3, "machine clients", [
        // A machine client (the procuratorate's case system, district IT's scripts) that gets
        // access tokens by OAuth 2.0 client credentials, in a role and scope as an account has.
        // Only the SHA-256 of its secret is kept; `public_key` (a JWK or PEM) is set for clients
        // that authenticate with private_key_jwt (RFC 7523).
        """
        CREATE TABLE clients (
            client_id TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, district TEXT NOT NULL,
            street TEXT, unit TEXT, status TEXT NOT NULL, secret_hash TEXT NOT NULL, public_key TEXT,
            changed_by TEXT NOT NULL, changed_at BIGINT NOT NULL, created_at BIGINT NOT NULL)
        """,
        "CREATE INDEX clients_district ON clients (district)",
    ]),
    Migration(4, "how a session signed in", [
        // `password` or `identityProvider`: a person who came through the district's provider is
        // not sent to change a console password they never use.
        "ALTER TABLE sessions ADD COLUMN signed_in_with TEXT NOT NULL DEFAULT 'password'",
    ]),
])
