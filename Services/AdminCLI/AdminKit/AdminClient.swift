import AsyncHTTPClient
import Contracts
import Foundation
import NIOCore
import NIOHTTP1
import ServiceKit

/// What the CLI asks of running services, over their HTTP APIs with an admin token.
public struct AdminClient: Sendable {
    public let httpClient: HTTPClient
    public let token: String?
    /// Where the token's signing secret came from, named when a service refuses the token.
    public let credentialSource: String?

    public init(httpClient: HTTPClient, token: String?, credentialSource: String? = nil) {
        self.httpClient = httpClient
        self.token = token
        self.credentialSource = credentialSource
    }

    /// A client with an admin token signed by `credentials`.
    public init(httpClient: HTTPClient, credentials: AdminCredentials) async throws {
        self.init(httpClient: httpClient, token: try await credentials.adminToken(httpClient: httpClient), credentialSource: credentials.source)
    }

    public func get<Value: Decodable>(_ url: String, as type: Value.Type) async throws -> Value {
        try await send(HTTPClientRequest(url: url), as: type)
    }

    public func post<Value: Decodable>(_ url: String, json: some Encodable, as type: Value.Type) async throws -> Value {
        try await post(url, body: Array(try apiEncoder.encode(json)), as: type)
    }

    /// Posts JSON that is already encoded (a data file, say).
    public func post<Value: Decodable>(_ url: String, body: [UInt8], as type: Value.Type) async throws -> Value {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await send(request, as: type)
    }

    func send<Value: Decodable>(_ request: HTTPClientRequest, as type: Value.Type) async throws -> Value {
        var request = request
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await httpClient.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        guard (200..<300).contains(response.status.code) else {
            let problem = try? apiDecoder.decode(Problem.self, from: Data(buffer: body))
            if response.status.code == 401, let credentialSource {
                throw CredentialsRejected(url: request.url, status: 401, detail: problem?.detail ?? problem?.title, source: credentialSource)
            }
            throw AdminRequestFailed(url: request.url, status: Int(response.status.code), detail: problem?.detail ?? problem?.title)
        }
        return try apiDecoder.decode(Value.self, from: Data(buffer: body))
    }
}

public struct AdminRequestFailed: Error, CustomStringConvertible {
    public let url: String
    public let status: Int
    public let detail: String?
    public var description: String { "\(url) answered \(status)\(detail.map { ": \($0)" } ?? "")" }
}

/// Reads `/health/ready` (which answers 503 with the same body while not ready).
public func fetchReadiness(_ baseURL: String, httpClient: HTTPClient) async throws -> Readiness {
    let response = try await httpClient.execute(HTTPClientRequest(url: baseURL + "/health/ready"), timeout: .seconds(5))
    let body = try await response.body.collect(upTo: 1 << 20)
    return try apiDecoder.decode(Readiness.self, from: Data(buffer: body))
}
