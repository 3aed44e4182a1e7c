import AsyncHTTPClient
import Contracts
import Hummingbird
import ServiceLifecycle
import Logging

/// What makes one service itself: its name, its tables, the messages it handles, its routes and
/// their documentation. Everything else (storage, auth, errors, health, metrics, outbox and
/// inbox) comes from `buildServiceApplication` and is the same for all five.
public struct ServiceDefinition: Sendable {
    public var name: ServiceName
    public var migrations: MigrationSet
    public var docs: EndpointDocs
    public var messageHandlers: @Sendable (ServiceEnvironment) -> [MessageType: MessageHandler]
    public var routes: @Sendable (Router<ServiceRequestContext>, ServiceEnvironment) throws -> Void
    /// Work the service runs beside its server (timers that scan the database), stopped with it.
    public var background: @Sendable (ServiceEnvironment) -> [any Service]
    /// Paths that authenticate their callers themselves (the console's OAuth token endpoint reads
    /// `Authorization: Basic`): the kit reads no bearer token there and stores no idempotent answer.
    public var selfAuthenticatingPaths: Set<String>

    public init(
        name: ServiceName, migrations: MigrationSet, docs: EndpointDocs = [:],
        messageHandlers: @escaping @Sendable (ServiceEnvironment) -> [MessageType: MessageHandler] = { _ in [:] },
        routes: @escaping @Sendable (Router<ServiceRequestContext>, ServiceEnvironment) throws -> Void = { _, _ in },
        background: @escaping @Sendable (ServiceEnvironment) -> [any Service] = { _ in [] },
        selfAuthenticatingPaths: Set<String> = []
    ) {
        self.background = background
        self.selfAuthenticatingPaths = selfAuthenticatingPaths
        self.name = name
        self.migrations = migrations
        self.docs = docs
        self.messageHandlers = messageHandlers
        self.routes = routes
    }
}

/// What a service's routes and message handlers work with.
public struct ServiceEnvironment: Sendable {
    public let service: ServiceName
    public let configuration: ServiceConfiguration
    public let database: any Database
    /// Signs this service's own tokens (on the console: people's and machine clients' too).
    public let signer: TokenSigner
    public let cipher: FieldCipher
    public let logger: Logger
    /// Nudges the outbox dispatcher after a transaction that enqueued messages.
    public let outboxWakeup: Wakeup
    /// The process's one HTTP client, for reading another service's service-token API.
    public let httpClient: HTTPClient
    /// The time, as this service sees it (tests move it).
    public let clock: ServiceClock
    /// Statutory deadlines over working days (the State Council's holiday arrangements).
    public let deadlines: DeadlinePolicy
    public var calendar: WorkingDayCalendar { deadlines.calendar }

    public var suite: CryptoSuite { configuration.suite }

    /// A short-lived token naming this service, for calls to another service's internal API.
    public func serviceToken() async throws -> String {
        try signer.mint(serviceTokenPrincipal(service), lifetime: 300)
    }

    /// Appends to this service's audit log inside a transaction.
    nonisolated(nonsending) public func audit(_ db: any SQLExecutor, actor: String, action: String, entity: String, entityID: String, summary: String = "") async throws {
        try await appendAudit(db, suite: suite, actor: actor, action: action, entity: entity, entityID: entityID, summary: summary)
    }
}
