import AsyncHTTPClient
import Contracts
import Foundation
import Testing
@testable import ServiceKit
import TestSupport

@Suite("Outbox and inbox")
struct MessagingTests {
    @Test("a message waits while the receiver is down and is delivered once it comes back", arguments: Backend.allCases)
    func deliveryAfterReceiverReturns(backend: Backend) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let receiverPort = try await reservePort()
        try await withFreshDatabaseURL(backend) { senderURL in
            try await withFreshDatabaseURL(backend) { receiverURL in
                let sender = try await startService(senderDefinition, configuration: testConfiguration(
                    .intake, database: senderURL, peers: [.routing: receiverPort], folder: folder,
                    extra: ["YOUYUE_OUTBOX_RETRY_BASE_MS": "50", "YOUYUE_OUTBOX_RETRY_CAP_MS": "300"]))
                let created = try await http(.POST, sender.baseURL + "/api/v1/notes", json: #"{"text":"小区路灯不亮"}"#)
                #expect(created.status == 201)

                // Receiver down: the message stays in the outbox, with the failure recorded.
                let senderDB = try openDatabase(senderURL, logger: testLogger)
                let failedOnce = try await eventually {
                    try await outboxEntries(senderDB).first.map { $0.attempts >= 1 && $0.lastError != nil } ?? false
                }
                #expect(failedOnce)
                #expect(try await outboxDepth(senderDB).pending == 1)

                let receiver = try await startService(receiverDefinition(), configuration: testConfiguration(
                    .routing, database: receiverURL, port: receiverPort, folder: folder))
                let arrived = try await eventually {
                    try await http(.GET, receiver.baseURL + "/api/v1/received").body == #"["小区路灯不亮"]"#
                }
                #expect(arrived)
                #expect(try await eventually { try await outboxDepth(senderDB).pending == 0 })
                await senderDB.close()
                await sender.stop()
                await receiver.stop()
            }
        }
    }

    @Test("a message delivered twice is applied once, and a changed replay is refused", arguments: Backend.allCases)
    func redeliveryAppliedOnce(backend: Backend) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFreshDatabaseURL(backend) { url in
            let counter = DeliveryCounter()
            let receiver = try await startService(receiverDefinition(counter: counter), configuration: testConfiguration(.routing, database: url, folder: folder))
            let token = try testToken(serviceTokenPrincipal(.intake), lifetime: 60)
            let envelope = MessageEnvelope(
                id: "msg_once", type: .ping, sender: .intake, district: "jianghan", sentAt: Date(), entity: "note_1",
                sequence: 1, auditHead: AuditHead(sequence: 3, hash: String(repeating: "a", count: 64)),
                body: #"{"note":"一次"}"#)
            let json = String(decoding: try apiEncoder.encode(envelope), as: UTF8.self)
            let auth = [("Authorization", "Bearer \(token)")]
            let first = try await http(.POST, receiver.baseURL + inboxPath, json: json, headers: auth)
            let second = try await http(.POST, receiver.baseURL + inboxPath, json: json, headers: auth)
            #expect(first.status == 200 && first.body.contains(#""outcome":"applied""#))
            #expect(second.status == 200 && second.body.contains(#""outcome":"duplicate""#))
            #expect(counter.count.withLock { $0 } == 1)
            #expect(try await http(.GET, receiver.baseURL + "/api/v1/received").body == #"["一次"]"#)

            var changed = envelope
            changed.body = #"{"note":"两次"}"#
            let conflicting = try await http(.POST, receiver.baseURL + inboxPath,
                                             json: String(decoding: try apiEncoder.encode(changed), as: UTF8.self), headers: auth)
            #expect(conflicting.status == 409)

            // Without a service token the inbox refuses.
            #expect(try await http(.POST, receiver.baseURL + inboxPath, json: json).status == 401)
            await receiver.stop()
        }
    }

    @Test("a message older than one already applied for the same entity is acknowledged but not applied", arguments: Backend.allCases)
    func staleMessageIgnored(backend: Backend) async throws {
        try await withKitDatabase(backend, extra: [receiverDefinition().migrations]) { db in
            let applied = DeliveryCounter()
            let handlers: [MessageType: MessageHandler] = [.ping: { _, _ in applied.count.withLock { $0 += 1 } }]
            func envelope(_ id: String, _ sequence: Int64) -> MessageEnvelope {
                MessageEnvelope(id: id, type: .ping, sender: .supervision, district: "d", sentAt: Date(), entity: "case_1",
                                sequence: sequence, auditHead: nil, body: #"{"note":"n"}"#)
            }
            let newer = try await receiveMessage(envelope("m2", 2), database: db, suite: .national, handlers: handlers)
            let older = try await receiveMessage(envelope("m1", 1), database: db, suite: .national, handlers: handlers)
            let newest = try await receiveMessage(envelope("m3", 3), database: db, suite: .national, handlers: handlers)
            #expect(newer.outcome == .applied)
            #expect(older.outcome == .stale)
            #expect(newest.outcome == .applied)
            #expect(applied.count.withLock { $0 } == 2)
            await #expect(throws: InboxRefusal.self) {
                try await receiveMessage(envelope("m4", 4), database: db, suite: .national, handlers: [:])
            }
        }
    }

    @Test("after the last allowed attempt a message is a dead letter; retrying it delivers it", arguments: Backend.allCases)
    func deadLetterAndRetry(backend: Backend) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let receiverPort = try await reservePort()
        try await withFreshDatabaseURL(backend) { senderURL in
            try await withFreshDatabaseURL(backend) { receiverURL in
                let sender = try await startService(senderDefinition, configuration: testConfiguration(
                    .intake, database: senderURL, peers: [.routing: receiverPort], folder: folder,
                    extra: ["YOUYUE_OUTBOX_MAX_ATTEMPTS": "2", "YOUYUE_OUTBOX_RETRY_BASE_MS": "20", "YOUYUE_OUTBOX_RETRY_CAP_MS": "50"]))
                _ = try await http(.POST, sender.baseURL + "/api/v1/notes", json: #"{"text":"燃气安装"}"#)
                let senderDB = try openDatabase(senderURL, logger: testLogger)
                #expect(try await eventually { try await outboxDepth(senderDB).dead == 1 })
                let dead = try #require(try await outboxEntries(senderDB, status: .dead).first)
                #expect(dead.attempts == 2)
                #expect(dead.lastError != nil)

                let receiver = try await startService(receiverDefinition(), configuration: testConfiguration(
                    .routing, database: receiverURL, port: receiverPort, folder: folder))
                // Retry through the admin endpoint, as `youyue outbox retry` does.
                let admin = try testToken(
                    Principal(role: .admin, subject: "it", district: "*", street: nil, unit: nil), lifetime: 60)
                let retried = try await http(.POST, sender.baseURL + "/internal/v1/outbox/retry", json: "{}", headers: [("Authorization", "Bearer \(admin)")])
                #expect(retried.status == 200 && retried.body.contains(#""requeued":1"#))
                #expect(try await eventually { try await http(.GET, receiver.baseURL + "/api/v1/received").body == #"["燃气安装"]"# })
                await senderDB.close()
                await sender.stop()
                await receiver.stop()
            }
        }
    }

    @Test("a dispatcher that stops with messages in hand gives them back: the next instance sends them at once, not after the lease", arguments: Backend.allCases)
    func stoppedDispatcherHandsBackClaims(backend: Backend) async throws {
        try await withKitDatabase(backend) { db in
            for index in 0..<3 {
                try await db.transaction { tx in
                    try await enqueueMessage(tx, type: .ping, to: [.routing], district: "d", entity: "e\(index)", body: PingBody(note: "n\(index)"))
                }
            }
            func dispatcher() -> OutboxDispatcher {
                OutboxDispatcher(database: db, httpClient: .shared,
                                 settings: .init(sender: .intake, destinations: [.routing: "http://127.0.0.1:9"], lease: .seconds(300)),
                                 wakeup: Wakeup(), logger: testLogger, serviceToken: { "unused" })
            }
            let stopping = dispatcher()
            #expect(try await stopping.claimDueMessages(now: Date()).count == 3)
            // Claimed for five minutes: nobody else may take them...
            #expect(try await dispatcher().claimDueMessages(now: Date()).isEmpty)
            // ...until the instance that holds them stops and hands them back.
            await stopping.releaseClaims()
            #expect(try await dispatcher().claimDueMessages(now: Date()).count == 3)
        }
    }

    @Test("two dispatchers on one PostgreSQL database deliver each message exactly once")
    func twoDispatchersShareOneDatabase() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFreshDatabaseURL(.postgres) { senderURL in
            try await withFreshDatabaseURL(.sqlite) { receiverURL in
                let counter = DeliveryCounter()
                let receiver = try await startService(receiverDefinition(counter: counter), configuration: testConfiguration(.routing, database: receiverURL, folder: folder))
                let first = try openDatabase(senderURL, logger: testLogger)
                let second = try openDatabase(senderURL, logger: testLogger)
                try await migrate(first, [kitMigrations])
                for index in 0..<120 {
                    try await first.transaction { db in
                        try await enqueueMessage(db, type: .ping, to: [.routing], district: "d", entity: "e\(index)", body: PingBody(note: "n\(index)"))
                    }
                }
                func dispatcher(_ db: any Database) -> OutboxDispatcher {
                    OutboxDispatcher(database: db, httpClient: .shared,
                                     settings: .init(sender: .intake, destinations: [.routing: receiver.baseURL], batchSize: 10),
                                     wakeup: Wakeup(), logger: testLogger,
                                     serviceToken: { try testToken(serviceTokenPrincipal(.intake), lifetime: 60) })
                }
                let (a, b) = (dispatcher(first), dispatcher(second))
                async let passesA = drain(a)
                async let passesB = drain(b)
                let (handledA, handledB) = try await (passesA, passesB)
                #expect(handledA + handledB == 120)
                #expect(handledA > 0 && handledB > 0)
                // Every delivery reached the handler once: no message was sent twice.
                #expect(counter.count.withLock { $0 } == 120)
                #expect(try await outboxDepth(first).pending == 0)
                await first.close()
                await second.close()
                await receiver.stop()
            }
        }
    }
}

@Suite("Housekeeping")
struct HousekeepingTests {
    @Test("delivered messages older than a week and idempotency keys older than a day are swept; the rest stay", arguments: Backend.allCases)
    func sweep(backend: Backend) async throws {
        try await withKitDatabase(backend) { db in
            let now = Date()
            let old = now.addingTimeInterval(-8 * 24 * 3600)
            for (index, created) in [old, now].enumerated() {
                try await db.transaction { tx in
                    try await enqueueMessage(tx, type: .ping, to: [.routing], district: "d", entity: "e\(index)", body: PingBody(note: "n"), at: created)
                }
            }
            try await db.execute("UPDATE outbox SET status = 'delivered', delivered_at = created_at")
            try await db.transaction { tx in
                try await enqueueMessage(tx, type: .ping, to: [.routing], district: "d", entity: "waiting", body: PingBody(note: "n"), at: old)
            }
            let store = IdempotencyStore(database: db)
            let answer = Answer(status: 201, contentType: nil, body: [])
            for (key, at) in [("old", now.addingTimeInterval(-25 * 3600)), ("new", now)] {
                try await db.transaction { tx in try await store.storeAnswer(answer, key: key, requestHash: "h", in: tx, now: at) }
            }

            try await Housekeeping(database: db, interval: .seconds(3600), logger: testLogger).sweep(now: now)
            let outbox = try await db.query("SELECT entity FROM outbox ORDER BY entity").map { try $0.string("entity") }
            #expect(outbox == ["e1", "waiting"])
            let keys = try await db.query("SELECT key FROM idempotency_keys").map { try $0.string("key") }
            #expect(keys == ["new"])
        }
    }

    @Test("an entity's messages go on counting after its delivered ones are swept and the database reopened", arguments: Backend.allCases)
    func sequencesSurviveTheSweep(backend: Backend) async throws {
        try await withFreshDatabaseURL(backend) { url in
            let now = Date()
            let old = now.addingTimeInterval(-8 * 24 * 3600)
            func send(to destinations: [ServiceName], at date: Date, _ db: any Database) async throws {
                try await db.transaction { tx in
                    try await enqueueMessage(tx, type: .ping, to: destinations, district: "d", entity: "op_1", body: PingBody(note: "n"), at: date)
                }
            }
            func sequences(_ db: any Database) async throws -> [Int64] {
                try await db.query("SELECT sequence FROM outbox WHERE entity = 'op_1' ORDER BY sequence, destination").map { try $0.int("sequence") }
            }
            let db = try openDatabase(url, logger: testLogger)
            try await migrate(db, [kitMigrations])
            try await send(to: [.routing, .evaluation], at: old, db)
            try await send(to: [.routing], at: old, db)
            try await send(to: [.evaluation], at: old, db)
            // One number per message, shared by its destinations.
            #expect(try await sequences(db) == [1, 1, 2, 3])
            try await db.execute("UPDATE outbox SET status = 'delivered', delivered_at = created_at")
            try await Housekeeping(database: db, interval: .seconds(3600), logger: testLogger).sweep(now: now)
            #expect(try await sequences(db).isEmpty)
            await db.close()

            // Opened again (a restart), with no message of op_1 left in the outbox: the numbers
            // go on from where they were, so receivers never take a new message for an old one.
            let reopened = try openDatabase(url, logger: testLogger)
            try await send(to: [.routing], at: now, reopened)
            #expect(try await sequences(reopened) == [4])
            await reopened.close()
        }
    }
}

/// Runs dispatcher passes until nothing is due; returns how many messages it handled.
private func drain(_ dispatcher: OutboxDispatcher) async throws -> Int {
    var handled = 0
    while true {
        let count = try await dispatcher.deliverDueMessages()
        if count == 0 { return handled }
        handled += count
    }
}
