import ServiceKit

/// The routing service's own tables, numbered; applied on start after the kit's.
let routingMigrations = MigrationSet(scope: "routing", [])
