import ServiceKit

/// The supervision service's own tables, numbered; applied on start after the kit's.
let supervisionMigrations = MigrationSet(scope: "supervision", [])
