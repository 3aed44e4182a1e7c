import AsyncHTTPClient
import Contracts
import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// Builds a runnable service: opens and migrates its database, then serves its routes behind the
/// kit's middleware (metrics, security headers, problems, tokens, idempotency) beside the
/// operational and internal endpoints, with the outbox dispatcher running alongside.
public func buildServiceApplication(
    _ definition: ServiceDefinition, configuration: ServiceConfiguration, httpClient: HTTPClient, logger: Logger,
    clock: ServiceClock = ServiceClock(),
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = logger
    logger.logLevel = configuration.logLevel
    if configuration.suite == .national {
        // Refuse to start rather than fail on the first citizen's contact details.
        try checkNationalCrypto()
    }
    // A wrong password or host fails here in seconds, in a sentence, not after a minute of retries.
    try await checkDatabaseConnection(configuration.database, timeout: configuration.databaseCheckTimeout, logger: logger)
    let database = try openDatabase(configuration.database, logger: logger, maximumConnections: configuration.maximumDatabaseConnections)
    let migrations = [kitMigrations, definition.migrations]
    do {
        try await migrate(database, migrations)
    } catch {
        await database.close()
        throw error
    }
    let signer = try TokenSigner(owner: definition.name, keyFile: configuration.signingKeysFile)
    let verifier = TokenVerifier(trust: TrustedKeys(
        own: signer, pinned: try configuration.pinnedKeys(), sources: configuration.peers.mapValues { $0 + "/.well-known/jwks.json" },
        httpClient: httpClient, logger: logger))
    let environment = ServiceEnvironment(
        service: definition.name, configuration: configuration, database: database, signer: signer,
        cipher: try FieldCipher(suite: configuration.suite, keys: configuration.dataKeys, currentKeyID: configuration.currentDataKeyID),
        logger: logger, outboxWakeup: Wakeup(), httpClient: httpClient, clock: clock, deadlines: DeadlinePolicy(calendar: try loadWorkingDayCalendar(configuration)))
    let registry = PrometheusCollectorRegistry()

    let router = Router(context: ServiceRequestContext.self)
    let docs = kitEndpointDocs.merging(definition.docs) { _, own in own }
    router.add(middleware: KitMiddleware(
        metrics: RequestMetricsMiddleware(registry: registry), tokens: AuthMiddleware(verifier: verifier),
        roles: OperationRoleMiddleware(operations: OperationRoles(docs)),
        idempotency: IdempotencyMiddleware(store: IdempotencyStore(database: database), suite: configuration.suite,
                                           crashPoints: configuration.crashPoints),
        selfAuthenticatingPaths: definition.selfAuthenticatingPaths))
    if !configuration.crashPoints.isEmpty {
        logger.warning("crash test: this process kills itself at \(configuration.crashPoints.map(\.rawValue).sorted())")
    }
    let handlers = [MessageType.ping: pingHandler].merging(definition.messageHandlers(environment)) { _, own in own }
    addInternalRoutes(to: router, environment: environment, handlers: handlers)
    try definition.routes(router, environment)
    addOperationalRoutes(to: router, service: definition.name, database: database, migrations: migrations, signer: signer,
                         registry: registry, docs: docs)

    let dispatcher = OutboxDispatcher(
        database: database, httpClient: httpClient,
        settings: .init(sender: definition.name, destinations: configuration.peers, retry: configuration.retry,
                        pollInterval: configuration.outboxPollInterval, requestTimeout: configuration.deliveryTimeout,
                        suite: configuration.suite),
        wakeup: environment.outboxWakeup, logger: logger,
        serviceToken: { try signer.mint(serviceTokenPrincipal(definition.name), lifetime: 300) })
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "youyue-\(definition.name.rawValue)"),
        services: [DatabaseLifetime(database: database), dispatcher,
                   Housekeeping(database: database, interval: .seconds(3600), logger: logger)] + definition.background(environment),
        onServerRunning: onServerRunning,
        logger: logger)
}

/// Closes the database after the server has stopped (services shut down in reverse order).
struct DatabaseLifetime: Service {
    let database: any Database

    func run() async throws {
        try? await gracefulShutdown()
        await database.close()
    }
}

/// Every service accepts `Ping`, to check delivery between two services end to end.
let pingHandler: MessageHandler = { envelope, _ in
    _ = try decodeBody(PingBody.self, from: envelope)
}
