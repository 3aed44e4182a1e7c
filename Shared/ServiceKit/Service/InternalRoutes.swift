import Contracts
import Foundation
import Hummingbird

/// The endpoints other services and the admin CLI use: the inbox, the outbox's pending messages
/// and dead letters, and the audit chain.
func addInternalRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, handlers: [MessageType: MessageHandler]) {
    let database = environment.database
    let suite = environment.suite
    let internalGroup = router.group("internal/v1")

    internalGroup.group("messages").post { request, context in
        let envelope = try await request.decode(as: MessageEnvelope.self, context: context)
        let principal = try context.requirePrincipal()
        do {
            try checkTrust(envelope, carriedBy: principal, districts: environment.configuration.districts)
        } catch let untrusted as UntrustedMessage {
            environment.logger.warning("message refused", metadata: [
                "message": "\(envelope.id)", "type": "\(envelope.type.rawValue)", "token": "\(principal.subject)", "reason": "\(untrusted)"])
            try await database.transaction { db in
                try await environment.audit(db, actor: principal.subject, action: "message.refused", entity: "message",
                                            entityID: envelope.id, summary: "\(envelope.type.rawValue) from \(envelope.sender.rawValue): \(untrusted)")
            }
            throw Problem(type: Problem.typeURI("message-refused"), title: "消息被拒收 (message refused)", status: 403, detail: untrusted.explanation)
        }
        let ack = try await receiveMessage(envelope, database: database, suite: suite, handlers: handlers)
        return try jsonResponse(ack)
    }

    let admin = internalGroup.group()
    admin.get("outbox") { request, _ in
        let status = try request.uri.queryParameters.get("status").map { text in
            guard let status = OutboxEntry.Status(rawValue: String(text)) else {
                throw Problem.validation(["status": "须为 pending、dead 或 delivered。"])
            }
            return status
        }
        return try jsonResponse(try await outboxEntries(database, status: status))
    }
    admin.post("outbox/retry") { request, context in
        let body = try await request.decode(as: RetryRequest.self, context: context)
        let count = try await retryDeadLetters(database, id: body.id)
        environment.outboxWakeup.signal()
        return try jsonResponse(["requeued": count])
    }
    admin.get("audit/heads-seen") { _, _ in
        var heads: [String: [AuditHead]] = [:]
        for sender in ServiceName.allCases where sender != environment.service {
            heads[sender.rawValue] = try await seenHeads(database, from: sender)
        }
        return try jsonResponse(heads)
    }
    admin.post("audit/verify") { request, context in
        let body = try await request.decode(as: AuditVerifyRequest.self, context: context)
        return try jsonResponse(try await verifyAuditChain(database, suite: suite, expectedHeads: body.expectedHeads))
    }
}

struct RetryRequest: Decodable {
    var id: String?
}

/// The heads other services saw from this one; each must still be in its chain.
public struct AuditVerifyRequest: Codable, Sendable {
    public var expectedHeads: [AuditHead]
    public init(expectedHeads: [AuditHead]) { self.expectedHeads = expectedHeads }
}

let kitEndpointDocs: EndpointDocs = [
    "GET /health/live": EndpointDoc("Liveness: the process answers."),
    "GET /health/ready": EndpointDoc("Readiness: the database is reachable and migrated.", response: #"{"type":"object"}"#),
    "GET /metrics": EndpointDoc("Prometheus metrics: requests and latency per route, outbox depth and dead letters."),
    "GET /openapi.json": EndpointDoc("This OpenAPI 3.1 document."),
    "GET /.well-known/jwks.json": EndpointDoc("The public keys (ES256) this service signs its tokens with, by kid.",
                                              response: jsonSchemaText(of: PublicKeySet.self)),
    "POST /internal/v1/messages": EndpointDoc("Receive a message from another service (applied exactly once).", roles: [.service],
                                              request: jsonSchemaText(of: MessageEnvelope.self), response: jsonSchemaText(of: MessageAck.self)),
    "GET /internal/v1/outbox": EndpointDoc("Pending messages and dead letters of this service.", roles: [.admin], response: jsonSchemaText(of: [OutboxEntry].self)),
    "POST /internal/v1/outbox/retry": EndpointDoc("Requeue dead letters (all, or one by id).", roles: [.admin],
                                                  request: jsonSchemaText(of: RetryRequest.self), response: jsonSchemaText(of: [String: Int].self)),
    "GET /internal/v1/audit/heads-seen": EndpointDoc("Audit chain heads this service saw in other services' messages.", roles: [.admin], response: jsonSchemaText(of: [String: [AuditHead]].self)),
    "POST /internal/v1/audit/verify": EndpointDoc("Verify this service's audit chain against heads others saw.", roles: [.admin],
                                                  request: jsonSchemaText(of: AuditVerifyRequest.self), response: jsonSchemaText(of: AuditVerification.self)),
]
