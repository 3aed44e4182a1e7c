import AsyncHTTPClient
import Contracts
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The supervision service: owns cases, progress, deputy contacts, replies, deadlines, reminders, overdue escalation, key suggestions and the public board.
public let supervisionService = ServiceDefinition(
    name: .supervision,
    migrations: supervisionMigrations,
    docs: [:],
    messageHandlers: { _ in [:] },
    routes: { _, _ in }
)

/// Builds the service from its configuration; `main` runs it, tests drive it in process.
public func buildApplication(
    configuration: ServiceConfiguration, httpClient: HTTPClient, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildServiceApplication(supervisionService, configuration: configuration, httpClient: httpClient, logger: logger, onServerRunning: onServerRunning)
}
