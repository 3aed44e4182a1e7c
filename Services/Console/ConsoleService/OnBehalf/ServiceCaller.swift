import AsyncHTTPClient
import Contracts
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ServiceKit

/// Calls the services' APIs as the signed-in person: each call carries a 5-minute token the
/// console signs for that person's account, so every rule of who may see and do what stays where
/// it is enforced, in the services. The console keeps no domain data of its own.
struct ServiceCaller: Sendable {
    let signer: TokenSigner
    let httpClient: HTTPClient
    /// Where the services answer (`YOUYUE_<SERVICE>_URL`).
    let urls: [ServiceName: String]

    init(_ environment: ServiceEnvironment) {
        signer = environment.signer
        httpClient = environment.httpClient
        urls = environment.configuration.peers
    }

    /// The service's answer: its status and body, whatever the status.
    struct Answer: Sendable {
        var status: HTTPResponseStatus
        var body: Data

        var succeeded: Bool { (200..<300).contains(status.code) }

        func decoded<T: Decodable>(_ type: T.Type) throws -> T {
            do {
                return try apiDecoder.decode(type, from: body)
            } catch {
                throw ServiceUnavailable(detail: "unexpected answer: \(error)")
            }
        }

        /// The problem's `detail` (RFC 9457), for showing beside the form that caused it.
        var problemDetail: String? {
            (try? JSONDecoder().decode(ProblemText.self, from: body))?.detail
        }

        private struct ProblemText: Decodable { var detail: String? }
    }

    /// One call as `principal`. A write sends an `Idempotency-Key`, so that a form posted twice
    /// (a double tap on a phone) has one effect.
    func call(_ service: ServiceName, _ method: HTTPMethod, _ path: String, json body: Data? = nil,
              as principal: Principal, idempotencyKey: String? = nil) async throws -> Answer {
        guard let base = urls[service] else { throw ServiceUnavailable(detail: "no address for \(service.rawValue)") }
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer " + (try signer.mint(principal, lifetime: 300)))
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
        }
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        do {
            // The process's one client retries a refused connection until the timeout, so a page
            // takes this long to say a service is down; shorter, and a merely slow answer on a busy
            // machine would be shown as an outage.
            let response = try await httpClient.execute(request, timeout: .seconds(10))
            let collected = try await response.body.collect(upTo: 8 << 20)
            return Answer(status: response.status, body: Data(buffer: collected))
        } catch {
            throw ServiceUnavailable(detail: "\(service.rawValue): \(error)")
        }
    }

    /// A GET whose success decodes as `T`; anything else is an error a page can show.
    func get<T: Decodable>(_ type: T.Type, from service: ServiceName, _ path: String, as principal: Principal) async throws -> T {
        let answer = try await call(service, .GET, path, as: principal)
        guard answer.succeeded else { throw ServiceRefused(status: answer.status, detail: answer.problemDetail) }
        return try answer.decoded(type)
    }
}

/// A service could not be reached or answered something unreadable: the page says so (503).
struct ServiceUnavailable: Error, CustomStringConvertible {
    let detail: String
    var description: String { "service unavailable: \(detail)" }
}

/// A service refused a read: the page shows its reason.
struct ServiceRefused: Error, CustomStringConvertible {
    let status: HTTPResponseStatus
    let detail: String?
    var description: String { "\(status.code) \(detail ?? "")" }
}
