import AsyncHTTPClient
import Contracts
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The routing service: owns handling units, routing rules, routing decisions, assignment lists, returns and re-routing.
public let routingService = ServiceDefinition(
    name: .routing,
    migrations: routingMigrations,
    docs: [:],
    messageHandlers: { _ in [:] },
    routes: { _, _ in }
)

/// Builds the service from its configuration; `main` runs it, tests drive it in process.
public func buildApplication(
    configuration: ServiceConfiguration, httpClient: HTTPClient, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildServiceApplication(routingService, configuration: configuration, httpClient: httpClient, logger: logger, onServerRunning: onServerRunning)
}
