import AsyncHTTPClient
import Contracts
import Foundation
import Hummingbird
import Synchronization
@testable import ServiceKit
import TestSupport

struct NoteInput: Codable { var text: String }

/// A sender: `POST /api/v1/notes` stores a note, audits it and sends a `Ping` to routing, all in
/// one transaction.
let senderDefinition = ServiceDefinition(
    name: .intake,
    migrations: MigrationSet(scope: "test-sender", [
        Migration(1, "notes", ["CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT NOT NULL)"]),
    ]),
    docs: ["POST /api/v1/notes": EndpointDoc("Store a note and tell routing.", request: #"{"type":"object"}"#, status: 201)],
    routes: { router, environment in
        router.post("/api/v1/notes") { request, context in
            let input = try await request.decode(as: NoteInput.self, context: context)
            guard !input.text.isEmpty else { throw Problem.validation(["text": "不能为空。"]) }
            let id = makeID(prefix: "note")
            defer { environment.outboxWakeup.signal() }
            return try await commit(environment.database) { db in
                try await db.execute("INSERT INTO notes (id, text) VALUES (\(id), \(input.text))")
                try await enqueueMessage(db, type: .ping, to: [.routing], district: "jianghan", entity: id, body: PingBody(note: input.text))
                try await environment.audit(db, actor: "tester", action: "note.create", entity: "note", entityID: id)
                return try .json(["id": id], status: .created)
            }
        }
    })

/// Counts every delivery attempt that reaches a receiver, duplicates included.
final class DeliveryCounter: Sendable {
    let count = Mutex(0)
}

/// A receiver: applies `Ping` by storing the note, and exposes what it stored.
func receiverDefinition(counter: DeliveryCounter = DeliveryCounter()) -> ServiceDefinition {
    ServiceDefinition(
        name: .routing,
        migrations: MigrationSet(scope: "test-receiver", [
            Migration(1, "received", ["CREATE TABLE received (message_id TEXT PRIMARY KEY, note TEXT NOT NULL)"]),
        ]),
        docs: ["GET /api/v1/received": EndpointDoc("Notes received.")],
        messageHandlers: { _ in
            [.ping: { envelope, db in
                counter.count.withLock { $0 += 1 }
                let body = try decodeBody(PingBody.self, from: envelope)
                try await db.execute("INSERT INTO received (message_id, note) VALUES (\(envelope.id), \(body.note))")
            }]
        },
        routes: { router, environment in
            router.get("/api/v1/received") { _, _ in
                let rows = try await environment.database.query("SELECT note FROM received ORDER BY note")
                return try jsonResponse(try rows.map { try $0.string("note") })
            }
        })
}

