import Contracts
import Foundation
import Hummingbird
import Prometheus
import Synchronization

/// `/health/live`, `/health/ready`, `/metrics` and `/openapi.json`: what deployment tooling and
/// `youyue status` look at.
func addOperationalRoutes(to router: Router<ServiceRequestContext>, service: ServiceName, database: any Database,
                          migrations: [MigrationSet], signer: TokenSigner, registry: PrometheusCollectorRegistry, docs: EndpointDocs) {
    router.get("/health/live") { _, _ in
        jsonResponse(["status": "live", "service": service.rawValue])
    }
    router.get("/health/ready") { _, _ in
        let readiness = await readiness(service: service, database: database, migrations: migrations)
        return try jsonResponse(readiness, status: readiness.ready ? .ok : .serviceUnavailable)
    }
    router.get("/.well-known/jwks.json") { _, _ in
        // Cached briefly: a verifier that meets a new key id asks again anyway.
        var response = try jsonResponse(signer.publicKeys())
        response.headers[.cacheControl] = "public, max-age=60"
        return response
    }
    router.get("/metrics") { _, _ in
        if let depth = try? await outboxDepth(database) {
            registry.makeGauge(descriptor: MetricDescriptors.outboxPending, labels: [("service", service.rawValue)]).set(Double(depth.pending))
            registry.makeGauge(descriptor: MetricDescriptors.outboxDeadLetters, labels: [("service", service.rawValue)]).set(Double(depth.dead))
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
    // The document describes every route, so it is written once all are added (see `publish`).
    let document = PublishedDocument()
    router.get("/openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: document.data.withLock { $0 })))
    }
    let rendered = openAPIDocument(service: service, routes: router.routes, docs: docs)
    document.data.withLock { $0 = rendered }
}

final class PublishedDocument: Sendable {
    let data = Mutex(Data())
}

func readiness(service: ServiceName, database: any Database, migrations: [MigrationSet]) async -> Readiness {
    do {
        let applied = try await appliedMigrationCount(database)
        let expected = migrations.reduce(0) { $0 + $1.migrations.count }
        let migrated = applied >= expected
        return Readiness(service: service.rawValue, version: youyueVersion, ready: migrated, database: database.location,
                         migrations: applied, checks: ["database": "ok", "migrations": migrated ? "ok" : "\(applied)/\(expected)"])
    } catch {
        return Readiness(service: service.rawValue, version: youyueVersion, ready: false, database: database.location,
                         migrations: 0, checks: ["database": "unreachable"])
    }
}

/// Encodes a value as an API JSON response.
public func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try apiEncoder.encode(value)
    // The length given here spares `Response` setting it afterwards, a search and a copy of the fields.
    return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(data.count)],
                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

func jsonResponse(_ value: [String: String]) -> Response {
    (try? jsonResponse(value, status: .ok)) ?? Response(status: .ok)
}
