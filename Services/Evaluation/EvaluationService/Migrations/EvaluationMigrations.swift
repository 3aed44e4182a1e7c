import ServiceKit

/// The evaluation service's own tables, numbered; applied on start after the kit's.
let evaluationMigrations = MigrationSet(scope: "evaluation", [
    Migration(1, "ratings", [
        // What evaluation knows of a suggestion: who may rate it (its signers) and what it is.
        """
        CREATE TABLE suggestions (
            suggestion TEXT PRIMARY KEY, district TEXT NOT NULL, title TEXT NOT NULL, category TEXT NOT NULL, street TEXT NOT NULL,
            lead_deputy TEXT NOT NULL, co_signers TEXT NOT NULL, submitted_at BIGINT NOT NULL)
        """,
        // One evaluation per reply round of a lead unit's case.
        """
        CREATE TABLE evaluations (
            case_id TEXT NOT NULL, round BIGINT NOT NULL, district TEXT NOT NULL, suggestion TEXT NOT NULL, unit TEXT NOT NULL,
            unit_name TEXT NOT NULL, result TEXT NOT NULL, reply_text TEXT NOT NULL, lead_deputy TEXT NOT NULL,
            status TEXT NOT NULL, decision TEXT, replied_at BIGINT NOT NULL, decided_at BIGINT, PRIMARY KEY (case_id, round))
        """,
        "CREATE INDEX evaluations_suggestion ON evaluations (suggestion)",
        """
        CREATE TABLE deputy_ratings (
            case_id TEXT NOT NULL, round BIGINT NOT NULL, deputy TEXT NOT NULL, satisfaction TEXT NOT NULL, contacted BIGINT NOT NULL,
            comment TEXT NOT NULL, rated_at BIGINT NOT NULL, PRIMARY KEY (case_id, round, deputy))
        """,
        """
        CREATE TABLE public_ratings (
            opinion TEXT PRIMARY KEY, district TEXT NOT NULL, suggestion TEXT NOT NULL, satisfaction TEXT NOT NULL, rated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX public_ratings_suggestion ON public_ratings (suggestion)",
        // Facts about deputies' work, from the messages of the other services: the raw material
        // of performance records (代表履职评价).
        """
        CREATE TABLE deputy_facts (
            deputy TEXT NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, district TEXT NOT NULL, at BIGINT NOT NULL,
            PRIMARY KEY (deputy, kind, ref))
        """,
    ]),
])
