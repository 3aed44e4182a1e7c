import AsyncHTTPClient
import Contracts
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The procuratorateBridge service: owns referrals to the procuratorate, their reported status, procuratorial proposals and the field mapping.
public let procuratorateBridgeService = ServiceDefinition(
    name: .procuratorateBridge,
    migrations: procuratorateBridgeMigrations,
    docs: [:],
    messageHandlers: { _ in [:] },
    routes: { _, _ in }
)

/// Builds the service from its configuration; `main` runs it, tests drive it in process.
public func buildApplication(
    configuration: ServiceConfiguration, httpClient: HTTPClient, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildServiceApplication(procuratorateBridgeService, configuration: configuration, httpClient: httpClient, logger: logger, onServerRunning: onServerRunning)
}
