import AsyncHTTPClient
import Contracts
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The intake service: owns streets, communities, stations, deputies, activities, opinions (the ledger), suggestion drafts, receipts, station QR codes, the citizen pages and Open311.
public let intakeService = ServiceDefinition(
    name: .intake,
    migrations: intakeMigrations,
    docs: [:],
    messageHandlers: { _ in [:] },
    routes: { _, _ in }
)

/// Builds the service from its configuration; `main` runs it, tests drive it in process.
public func buildApplication(
    configuration: ServiceConfiguration, httpClient: HTTPClient, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildServiceApplication(intakeService, configuration: configuration, httpClient: httpClient, logger: logger, onServerRunning: onServerRunning)
}
