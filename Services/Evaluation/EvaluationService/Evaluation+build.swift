import AsyncHTTPClient
import Contracts
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The evaluation service: owns deputy evaluations, re-handling decisions, public ratings, deputy performance, selections and statistics.
public let evaluationService = ServiceDefinition(
    name: .evaluation,
    migrations: evaluationMigrations,
    docs: [:],
    messageHandlers: { _ in [:] },
    routes: { _, _ in }
)

/// Builds the service from its configuration; `main` runs it, tests drive it in process.
public func buildApplication(
    configuration: ServiceConfiguration, httpClient: HTTPClient, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildServiceApplication(evaluationService, configuration: configuration, httpClient: httpClient, logger: logger, onServerRunning: onServerRunning)
}
