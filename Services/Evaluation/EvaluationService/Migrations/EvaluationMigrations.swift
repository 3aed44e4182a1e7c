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
    Migration(2, "performance, selections, statistics, shared responses", [
        // The day a reply round was due (from ReplySubmitted when the sender knows it): NULL means
        // its timeliness is unknown, never on time.
        "ALTER TABLE evaluations ADD COLUMN deadline TEXT",
        "CREATE INDEX deputy_facts_period ON deputy_facts (district, at)",
        // 优秀建议 / 优秀代表评选: a round, its candidates and the named members' votes.
        """
        CREATE TABLE selection_rounds (
            id TEXT PRIMARY KEY, district TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, period TEXT NOT NULL,
            members TEXT NOT NULL, picks BIGINT NOT NULL, awards BIGINT NOT NULL, status TEXT NOT NULL, created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL, opened_at BIGINT, closed_at BIGINT, published_at BIGINT)
        """,
        """
        CREATE TABLE selection_candidates (
            round TEXT NOT NULL, candidate TEXT NOT NULL, label TEXT NOT NULL, source TEXT NOT NULL, reason TEXT NOT NULL,
            added_by TEXT NOT NULL, added_at BIGINT NOT NULL, PRIMARY KEY (round, candidate))
        """,
        """
        CREATE TABLE selection_votes (
            round TEXT NOT NULL, member TEXT NOT NULL, candidate TEXT NOT NULL, voted_at BIGINT NOT NULL,
            PRIMARY KEY (round, member, candidate))
        """,
        // 约您共享: a published response to a common issue and the suggestions it answers.
        """
        CREATE TABLE shared_responses (
            id TEXT PRIMARY KEY, district TEXT NOT NULL, title TEXT NOT NULL, issue TEXT NOT NULL, responder TEXT NOT NULL,
            response TEXT NOT NULL, held_on TEXT NOT NULL, published_by TEXT NOT NULL, published_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE shared_response_suggestions (
            response TEXT NOT NULL, suggestion TEXT NOT NULL, PRIMARY KEY (response, suggestion))
        """,
        "CREATE INDEX shared_response_suggestions_suggestion ON shared_response_suggestions (suggestion)",
    ]),
    Migration(3, "deputy names", [
        // Deputies' names as intake's messages carry them, so public pages name people, not codes.
        """
        CREATE TABLE deputy_names (
            district TEXT NOT NULL, deputy TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (district, deputy))
        """,
    ]),
])
