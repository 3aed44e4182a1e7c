import ServiceKit

/// The intake service's own tables, numbered; applied on start after the kit's.
let intakeMigrations = MigrationSet(scope: "intake", [])
