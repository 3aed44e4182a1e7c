import ServiceKit

/// The evaluation service's own tables, numbered; applied on start after the kit's.
let evaluationMigrations = MigrationSet(scope: "evaluation", [])
