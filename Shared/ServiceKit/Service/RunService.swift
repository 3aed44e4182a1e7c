import AsyncHTTPClient
import Contracts
import Foundation
import Hummingbird
import Logging

/// The whole of a service executable's `main`: read configuration from the environment, build the
/// application, run it until SIGINT or SIGTERM, and shut the one HTTP client down on the way out.
public func runService(_ definition: ServiceDefinition) async throws {
    LoggingSystem.bootstrap(LineLogHandler.init)
    let logger = Logger(label: definition.name.rawValue)
    let configuration: ServiceConfiguration
    do {
        configuration = try ServiceConfiguration(service: definition.name)
    } catch {
        logger.critical("cannot start: \(error)")
        exit(78)  // EX_CONFIG
    }
    let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    do {
        let app = try await buildServiceApplication(definition, configuration: configuration, httpClient: httpClient, logger: logger)
        try await boundedServiceGroup([app], signals: [.sigterm, .sigint], logger: logger).run()
    } catch {
        logger.critical("stopped: \(error)")
        try? await httpClient.shutdown()
        exit(1)
    }
    try await httpClient.shutdown()
}
