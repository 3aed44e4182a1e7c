import AsyncHTTPClient
import ConsoleService
import Contracts
import Crypto
import Foundation
import NIOCore
import NIOFoundationCompat
import IntakeService
import RoutingService
import ServiceKit
import TestSupport
import Testing

/// Real services on loopback that trust each other only through the keys they publish: nothing
/// pinned, every key fetched from `/.well-known/jwks.json`. Every forged token is a 401 problem
/// from a real service; a service's genuine token earns no more than a service's rights.
@Suite("Tokens between real services")
struct TokenTrustTests {
    struct Running {
        var intake: RunningService
        var routing: RunningService
        var console: RunningService
        /// The console's key file, its own (not the shared test keys), so that it can be rotated.
        var consoleKeys: String
    }

    /// Intake, routing and the console, each with its own key and no pinned keys.
    static func withServices(_ body: (Running) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var ports: [ServiceName: Int] = [:]
        for service in [ServiceName.intake, .routing, .console] { ports[service] = try await reservePort() }
        let consoleKeys = folder + "/console-keys.json"
        func configuration(_ service: ServiceName) throws -> ServiceConfiguration {
            try testConfiguration(service, database: .sqlite(path: "\(folder)/\(service.rawValue).sqlite"), port: ports[service]!,
                                  peers: ports.filter { $0.key != service }, folder: folder,
                                  extra: ["YOUYUE_TRUSTED_KEYS_FILE": "", "YOUYUE_CONSOLE_SIGNING_KEYS_FILE": consoleKeys])
        }
        let console = try await startService(consoleService, configuration: configuration(.console))
        let intake = try await startService(intakeService, configuration: configuration(.intake))
        let routing = try await startService(routingService, configuration: configuration(.routing))
        do {
            try await body(Running(intake: intake, routing: routing, console: console, consoleKeys: consoleKeys))
        } catch {
            for service in [intake, routing, console] { await service.stop() }
            throw error
        }
        for service in [intake, routing, console] { await service.stop() }
    }

    static func call(_ url: String, token: String) async throws -> (status: Int, body: String) {
        let answer = try await http(.GET, url, headers: [("Authorization", "Bearer \(token)")])
        return (answer.status, answer.body)
    }

    static func signed(header: String, claims: String, key: P256.Signing.PrivateKey) throws -> String {
        let input = base64URLEncode(Array(header.utf8)) + "." + base64URLEncode(Array(claims.utf8))
        return input + "." + base64URLEncode(Array(try key.signature(for: Data(input.utf8)).rawRepresentation))
    }

    @Test("every forged token gets a 401 problem from a real intake; the console's genuine one is let in")
    func forgedTokensAreRefused() async throws {
        try await Self.withServices { running in
            let outbox = running.intake.baseURL + "/internal/v1/outbox"
            let console = try TokenSigner(owner: .console, keyFile: running.consoleKeys)
            let admin = Principal(role: .admin, subject: "it-1", district: "*")
            #expect(try await Self.call(outbox, token: console.mint(admin, lifetime: 300)).status == 200, "fetched the console's keys")

            let record = try #require(try readSigningKeyFile(at: running.consoleKeys, owner: .console)?.keys.last)
            let key = try P256.Signing.PrivateKey(pemRepresentation: record.privateKey)
            let now = Int(Date().timeIntervalSince1970)
            let claims = #"{"sub":"it-1","role":"admin","district":"*","iss":"youyue","aud":"youyue","exp":\#(now + 300),"iat":\#(now)}"#
            let encodedClaims = base64URLEncode(Array(claims.utf8))
            func hs256(_ secret: [UInt8]) -> String {
                let input = base64URLEncode(Array(#"{"alg":"HS256","kid":"\#(record.kid)","typ":"JWT"}"#.utf8)) + "." + encodedClaims
                return input + "." + base64URLEncode(Array(HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: secret))))
            }
            let forgeries: [(String, String)] = [
                ("signed with the old shared HS256 secret", hs256(Array("test-secret-0123456789-abcdefghijklmnopqrstuvwxyz".utf8))),
                ("HS256 keyed with the console's public key (algorithm confusion)", hs256(Array(key.publicKey.pemRepresentation.utf8))),
                ("alg none", base64URLEncode(Array(#"{"alg":"none"}"#.utf8)) + "." + encodedClaims + "."),
                ("for another audience", try TokenSigner(owner: .console, keyFile: running.consoleKeys, audience: "other-system").mint(admin, lifetime: 300)),
                ("expired", try console.mint(admin, lifetime: 60, now: Date().addingTimeInterval(-120))),
                ("a year long", try Self.signed(header: #"{"alg":"ES256","kid":"\#(record.kid)"}"#,
                                                claims: claims.replacingOccurrences(of: "\(now + 300)", with: "\(now + 365 * 86400)"), key: key)),
                ("a stranger's key under the console's key id", try Self.signed(header: #"{"alg":"ES256","kid":"\#(record.kid)"}"#, claims: claims, key: P256.Signing.PrivateKey())),
                ("a person's token signed by routing's key", try TestKeys.signer(.routing).mint(admin, lifetime: 300)),
                ("routing's key speaking for supervision", try TestKeys.signer(.routing).mint(serviceTokenPrincipal(.supervision), lifetime: 300)),
                ("a made-up key id", try Self.signed(header: #"{"alg":"ES256","kid":"console.made-up"}"#, claims: claims, key: P256.Signing.PrivateKey())),
            ]
            for (what, token) in forgeries {
                let answer = try await Self.call(outbox, token: token)
                #expect(answer.status == 401, "\(what): \(answer.status)")
                #expect(answer.body.contains("unauthorized") || answer.body.contains("令牌"), "\(what): \(answer.body)")
            }
        }
    }

    @Test("routing's genuine service token is accepted as routing, and refused by intake's admin endpoints")
    func serviceTokenIsOnlyAService() async throws {
        try await Self.withServices { running in
            let routing = try TestKeys.signer(.routing).mint(serviceTokenPrincipal(.routing), lifetime: 300)
            for path in ["/internal/v1/outbox", "/internal/v1/audit/heads-seen"] {
                let answer = try await Self.call(running.intake.baseURL + path, token: routing)
                #expect(answer.status == 403, "\(path): \(answer.status) \(answer.body)")
            }
            // Its published key is what made it a service and not a stranger: a ping is applied.
            let ping = MessageEnvelope(id: makeID(prefix: "msg"), type: .ping, sender: .routing, district: "jianghan", sentAt: Date(),
                                       entity: "trust-check", sequence: 1, auditHead: nil, body: #"{"note":"你好"}"#)
            let answer = try await http(.POST, running.intake.baseURL + "/internal/v1/messages",
                                        json: String(decoding: try apiEncoder.encode(ping), as: UTF8.self), headers: [("Authorization", "Bearer \(routing)")])
            #expect(answer.status == 200, "\(answer.body)")
        }
    }

    @Test("a machine client's token from POST /oauth/token is trusted by another service, with the client's role")
    func clientCredentialsReachServices() async throws {
        try await Self.withServices { running in
            let console = try TokenSigner(owner: .console, keyFile: running.consoleKeys)
            let admin = try console.mint(Principal(role: .admin, subject: "it-1", district: "jianghan"), lifetime: 300)
            let input = MachineClientInput(displayName: "区信息中心脚本", role: .admin, district: "jianghan")
            let created = try await http(.POST, running.console.baseURL + "/api/v1/clients", json: String(decoding: try apiEncoder.encode(input), as: UTF8.self),
                                         headers: [("Authorization", "Bearer \(admin)")])
            #expect(created.status == 201, "\(created.body)")
            let registered = try apiDecoder.decode(MachineClientWithSecret.self, from: Data(created.body.utf8))
            let basic = Data("\(registered.client.clientID):\(try #require(registered.clientSecret))".utf8).base64EncodedString()
            var request = HTTPClientRequest(url: running.console.baseURL + "/oauth/token")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Basic \(basic)")
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: "grant_type=client_credentials"))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 16)
            #expect(response.status == .ok, "\(String(buffer: body))")
            let token = try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])["access_token"] as? String
            let outbox = try await Self.call(running.intake.baseURL + "/internal/v1/outbox", token: try #require(token))
            #expect(outbox.status == 200, "intake fetched the console's keys and took the client as an admin of jianghan: \(outbox.body)")
        }
    }

    @Test("after `keys rotate`, the console signs with the new key and intake accepts both old and new tokens")
    func rotationReachesVerifiers() async throws {
        try await Self.withServices { running in
            let outbox = running.intake.baseURL + "/internal/v1/outbox"
            let console = try TokenSigner(owner: .console, keyFile: running.consoleKeys)
            let admin = Principal(role: .admin, subject: "it-1", district: "*")
            let old = try console.mint(admin, lifetime: 600)
            #expect(try await Self.call(outbox, token: old).status == 200)
            let before = try await http(.GET, running.console.baseURL + "/.well-known/jwks.json").body
            try rotateSigningKeys(at: running.consoleKeys, owner: .console)
            // The console reads its key file again within a second; intake may refresh a signer's
            // keys once in `refreshInterval`.
            try await Task.sleep(for: TrustedKeys.refreshInterval + .milliseconds(200))
            let published = try JSONDecoder().decode(PublicKeySet.self, from: Data(try await http(.GET, running.console.baseURL + "/.well-known/jwks.json").body.utf8))
            #expect(published.keys.count == 2, "old and new published: \(before) → \(published)")
            let new = try console.mint(admin, lifetime: 600)
            #expect(try await Self.call(outbox, token: new).status == 200, "the new key was fetched at its first use")
            #expect(try await Self.call(outbox, token: old).status == 200, "the old key verifies until its tokens expire")
        }
    }
}
