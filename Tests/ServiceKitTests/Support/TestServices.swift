import AsyncHTTPClient
import Contracts
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization
@testable import ServiceKit

/// A service running for real on a loopback port, stopped at the end of the test.
struct RunningService {
    let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>
    var baseURL: String { "http://127.0.0.1:\(port)" }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

func startService(_ definition: ServiceDefinition, configuration: ServiceConfiguration) async throws -> RunningService {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = try await buildServiceApplication(
        definition, configuration: configuration, httpClient: HTTPClient.shared, logger: testLogger,
        onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
    let group = ServiceGroup(configuration: .init(services: [app], logger: testLogger))
    let task = Task { try await group.run() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw DeliveryFailure("service did not start") }
    return RunningService(port: port, group: group, task: task)
}

/// A port that was free a moment ago.
func reservePort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    try await channel.close()
    return port
}

/// Polls until `condition` holds or the time is up.
func eventually(within limit: Duration = .seconds(15), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

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
            try await environment.database.transaction { db in
                try await db.execute("INSERT INTO notes (id, text) VALUES (\(id), \(input.text))")
                try await enqueueMessage(db, type: .ping, to: [.routing], district: "jianghan", entity: id, body: PingBody(note: input.text))
                try await environment.audit(db, actor: "tester", action: "note.create", entity: "note", entityID: id)
            }
            environment.outboxWakeup.signal()
            return try jsonResponse(["id": id], status: .created)
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

/// Sends a request and returns status and body.
func http(_ method: HTTPMethod, _ url: String, json: String? = nil, headers: [(String, String)] = []) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
    var request = HTTPClientRequest(url: url)
    request.method = method
    if let json {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
    }
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 1 << 22)
    return (Int(response.status.code), String(buffer: body), response.headers)
}
