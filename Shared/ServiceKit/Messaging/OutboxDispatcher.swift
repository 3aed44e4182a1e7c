import AsyncHTTPClient
import Contracts
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Delivers outbox rows over HTTP until each receiver acknowledges. A lifecycle service: it runs
/// beside the HTTP server and stops on graceful shutdown. Several instances may share one
/// PostgreSQL database: each claims rows with `FOR UPDATE SKIP LOCKED` and a lease, so a message
/// is in one instance's hands at a time, and a crashed instance's lease simply runs out.
public struct OutboxDispatcher: Service {
    public struct Settings: Sendable {
        public var sender: ServiceName
        /// Base URL of each service this one sends to.
        public var destinations: [ServiceName: String]
        public var retry: RetryPolicy
        public var pollInterval: Duration
        public var batchSize: Int
        public var lease: Duration
        public var requestTimeout: Duration
        public var suite: CryptoSuite

        public init(sender: ServiceName, destinations: [ServiceName: String], retry: RetryPolicy = RetryPolicy(),
                    pollInterval: Duration = .milliseconds(500), batchSize: Int = 32, lease: Duration = .seconds(30),
                    requestTimeout: Duration = .seconds(10), suite: CryptoSuite = .national) {
            self.sender = sender
            self.destinations = destinations
            self.retry = retry
            self.pollInterval = pollInterval
            self.batchSize = batchSize
            self.lease = lease
            self.requestTimeout = requestTimeout
            self.suite = suite
        }
    }

    let database: any Database
    let httpClient: HTTPClient
    let settings: Settings
    let serviceToken: @Sendable () async throws -> String
    let wakeup: Wakeup
    let logger: Logger
    let instance = makeID(prefix: "dispatcher")

    public init(database: any Database, httpClient: HTTPClient, settings: Settings, wakeup: Wakeup,
                logger: Logger, serviceToken: @escaping @Sendable () async throws -> String) {
        self.database = database
        self.httpClient = httpClient
        self.settings = settings
        self.wakeup = wakeup
        self.logger = logger
        self.serviceToken = serviceToken
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let handled: Int
                do {
                    handled = try await deliverDueMessages()
                } catch {
                    logger.warning("outbox pass failed", metadata: ["error": "\(error)"])
                    handled = 0
                }
                if handled == 0 { await wakeup.wait(upTo: settings.pollInterval) }
            }
        }
        await releaseClaims()
    }

    /// Hands back what this instance claimed but did not finish when it stopped: the deliveries
    /// were cancelled, and until the lease ran out those messages, and every later one for the
    /// same receiver and entity, would wait. A delivery that did arrive is ignored the second
    /// time by the receiver's inbox.
    func releaseClaims() async {
        // Detached: the stopping task may be cancelled, and this must still reach the database.
        await Task.detached { [database, instance, logger] in
            do {
                try await database.execute("""
                    UPDATE outbox SET claimed_by = NULL, claimed_until = NULL
                    WHERE claimed_by = \(instance) AND status = 'pending'
                    """)
            } catch {
                logger.warning("could not hand back claimed messages; they wait for their lease", metadata: ["error": "\(error)"])
            }
        }.value
    }

    /// One pass: claim what is due, deliver each, record the outcome. Returns how many it tried.
    @discardableResult
    public func deliverDueMessages(now: Date = Date()) async throws -> Int {
        let claimed = try await claimDueMessages(now: now)
        if claimed.isEmpty { return 0 }
        let head = try await currentAuditHead(database)
        await withTaskGroup(of: Void.self) { group in
            for message in claimed {
                group.addTask { await deliver(message, auditHead: head) }
            }
        }
        return claimed.count
    }

    func claimDueMessages(now: Date) async throws -> [ClaimedMessage] {
        let until = now.addingTimeInterval(settings.lease.seconds)
        let skipLocked: SQL = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        // Only the oldest pending message per receiver and entity is due: receivers ignore a
        // message older than one they applied, so order per entity must hold.
        return try await database.transaction { [instance, batchSize = settings.batchSize] db in
            try await db.query("""
                UPDATE outbox SET claimed_by = \(instance), claimed_until = \(until)
                WHERE (id, destination) IN (
                    SELECT id, destination FROM outbox AS candidate
                    WHERE status = 'pending' AND next_attempt_at <= \(now)
                      AND (claimed_until IS NULL OR claimed_until < \(now))
                      AND NOT EXISTS (
                          SELECT 1 FROM outbox AS earlier
                          WHERE earlier.destination = candidate.destination AND earlier.entity = candidate.entity
                            AND earlier.status = 'pending' AND earlier.sequence < candidate.sequence)
                    ORDER BY created_at, id LIMIT \(batchSize)\(skipLocked))
                RETURNING id, destination, type, district, entity, sequence, body, created_at, attempts
                """).map(ClaimedMessage.init)
        }
    }

    func deliver(_ message: ClaimedMessage, auditHead: AuditHead) async {
        do {
            guard let destination = ServiceName(rawValue: message.destination),
                  let baseURL = settings.destinations[destination] else {
                throw DeliveryFailure("no address configured for \(message.destination)")
            }
            let envelope = MessageEnvelope(
                id: message.id, type: message.type, sender: settings.sender, district: message.district,
                sentAt: message.createdAt, entity: message.entity, sequence: message.sequence,
                auditHead: auditHead, body: message.body)
            var request = HTTPClientRequest(url: baseURL + inboxPath)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Authorization", value: "Bearer \(try await serviceToken())")
            request.body = .bytes(ByteBuffer(bytes: try messageEncoder.encode(envelope)))
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(settings.requestTimeout.seconds * 1e9)))
            let answer = try await response.body.collect(upTo: 64 * 1024)
            guard (200..<300).contains(response.status.code) else {
                throw DeliveryFailure("\(response.status.code) \(String(buffer: answer).prefix(300))")
            }
            try await markDelivered(message)
        } catch is CancellationError {
            // Stopping: `releaseClaims` hands the message back; this is no failed attempt.
        } catch {
            await recordFailure(message, error: error)
        }
    }

    func markDelivered(_ message: ClaimedMessage) async throws {
        try await database.execute("""
            UPDATE outbox SET status = 'delivered', delivered_at = \(Date()), attempts = attempts + 1,
                claimed_by = NULL, claimed_until = NULL, last_error = NULL
            WHERE id = \(message.id) AND destination = \(message.destination)
            """)
    }

    func recordFailure(_ message: ClaimedMessage, error: any Error) async {
        let attempts = Int(message.attempts) + 1
        let dead = attempts >= settings.retry.maximumAttempts
        let next = Date().addingTimeInterval(settings.retry.delay(afterAttempts: attempts).seconds)
        let reason = String(describing: error).prefix(500)
        logger.warning("message not delivered", metadata: [
            "message": "\(message.id)", "to": "\(message.destination)", "attempt": "\(attempts)",
            "deadLetter": "\(dead)", "error": "\(reason)",
        ])
        do {
            try await database.execute("""
                UPDATE outbox SET attempts = \(attempts), status = \(dead ? "dead" : "pending"), next_attempt_at = \(next),
                    last_error = \(String(reason)), claimed_by = NULL, claimed_until = NULL
                WHERE id = \(message.id) AND destination = \(message.destination)
                """)
        } catch {
            // The lease runs out and the message is tried again: nothing is lost.
            logger.error("could not record a failed delivery", metadata: ["error": "\(error)"])
        }
    }
}

/// The path every service receives messages on.
public let inboxPath = "/internal/v1/messages"

struct ClaimedMessage: Sendable {
    let id: String
    let destination: String
    let type: MessageType
    let district: String
    let entity: String
    let sequence: Int64
    let body: String
    let createdAt: Date
    let attempts: Int64

    init(_ row: SQLRow) throws {
        id = try row.string("id")
        destination = try row.string("destination")
        guard let type = MessageType(rawValue: try row.string("type")) else {
            throw DatabaseError.decoding(column: "type", expected: "a message type")
        }
        self.type = type
        district = try row.string("district")
        entity = try row.string("entity")
        sequence = try row.int("sequence")
        body = try row.string("body")
        createdAt = try row.date("created_at")
        attempts = try row.int("attempts")
    }
}

struct DeliveryFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    /// The duration in seconds, for Foundation's `TimeInterval` APIs.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
