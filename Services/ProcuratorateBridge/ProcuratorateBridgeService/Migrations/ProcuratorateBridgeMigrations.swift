import ServiceKit

/// The procuratorateBridge service's own tables, numbered; applied on start after the kit's.
let procuratorateBridgeMigrations = MigrationSet(scope: "procuratorateBridge", [])
