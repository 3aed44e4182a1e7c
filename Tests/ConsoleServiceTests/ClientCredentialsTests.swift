import AsyncHTTPClient
import ConsoleService
import Contracts
import Foundation
import NIOCore
import NIOHTTP1
import ServiceKit
import TestSupport
import Testing

@Suite("Console machine clients (OAuth 2.0 client credentials)")
struct ClientCredentialsTests {
    @Test("an admin registers a client and sees its secret once; a service, citizen or deputy role, a missing unit or an unreadable key is a 422", arguments: Backend.allCases)
    func adminRegistersClient(backend: Backend) async throws {
        try await withTokenConsole(backend) { console, _ in
            let admin = try await bearerIn("*", .admin)
            let added = try await http(.POST, console.baseURL + "/api/v1/clients",
                                       json: #"{"displayName":"江汉区检察院案件系统","role":"procuratorate","district":"jianghan"}"#, headers: admin)
            #expect(added.status == 201, "\(added.body)")
            let created = try apiDecoder.decode(MachineClientWithSecret.self, from: Data(added.body.utf8))
            let secret = try #require(created.clientSecret)
            #expect(created.client.clientID.hasPrefix("client-") && secret.count == 43 && created.client.authentication == .clientSecret)
            #expect(!added.body.contains("sha256"))
            let list = try await http(.GET, console.baseURL + "/api/v1/clients", headers: admin)
            #expect(list.status == 200 && list.body.contains(created.client.clientID) && !list.body.contains(secret))

            for role in ["service", "citizen", "deputy"] {
                let refused = try await http(.POST, console.baseURL + "/api/v1/clients",
                                             json: #"{"displayName":"某系统","role":"\#(role)","district":"jianghan"}"#, headers: admin)
                #expect(refused.status == 422 && refused.body.contains("role"), "\(role): \(refused.status) \(refused.body)")
            }
            let noUnit = try await http(.POST, console.baseURL + "/api/v1/clients", json: #"{"displayName":"某单位系统","role":"unit","district":"jianghan"}"#, headers: admin)
            #expect(noUnit.status == 422 && noUnit.body.contains("unit"))
            let badKey = try await http(.POST, console.baseURL + "/api/v1/clients",
                                        json: #"{"displayName":"某系统","role":"procuratorate","district":"jianghan","publicKey":"{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}"}"#, headers: admin)
            #expect(badKey.status == 422 && badKey.body.contains("publicKey"), "\(badKey.body)")
        }
    }

    @Test("a district's admin manages only their district's clients: another district's is a 404 and cannot be added; other roles get a 403", arguments: Backend.allCases)
    func districtScope(backend: Backend) async throws {
        try await withTokenConsole(backend) { console, _ in
            let wuchang = try await addClient(console, #"{"displayName":"武昌区脚本","role":"districtStaff","district":"wuchang"}"#)
            let jianghanAdmin = try await bearerIn("jianghan", .admin, "jh-admin")
            let foreign = try await http(.POST, console.baseURL + "/api/v1/clients",
                                         json: #"{"displayName":"某系统","role":"procuratorate","district":"wuchang"}"#, headers: jianghanAdmin)
            #expect(foreign.status == 403)
            for action in ["disable", "enable", "rotate-secret"] {
                let answer = try await http(.POST, console.baseURL + "/api/v1/clients/\(wuchang.client.clientID)/\(action)", json: "{}", headers: jianghanAdmin)
                #expect(answer.status == 404, "\(action): \(answer.status)")
            }
            let list = try await http(.GET, console.baseURL + "/api/v1/clients", headers: jianghanAdmin)
            #expect(list.status == 200 && !list.body.contains(wuchang.client.clientID))
            let staff = try await http(.GET, console.baseURL + "/api/v1/clients", headers: try await bearer(.districtStaff))
            #expect(staff.status == 403)
            let anonymous = try await http(.GET, console.baseURL + "/api/v1/clients")
            #expect(anonymous.status == 401)
        }
    }

    @Test("a client gets a 5-minute Bearer token by client_secret_basic or client_secret_post, in its role and district; the API honours its role", arguments: Backend.allCases)
    func secretGetsToken(backend: Backend) async throws {
        try await withTokenConsole(backend) { console, _ in
            let script = try await addClient(console, #"{"displayName":"江汉区信息中心脚本","role":"admin","district":"jianghan"}"#)
            let procuratorate = try await addClient(console, #"{"displayName":"江汉区检察院案件系统","role":"procuratorate","district":"jianghan"}"#)

            let basic = try await tokenRequest(console, [("grant_type", "client_credentials")], basic: (script.client.clientID, script.clientSecret!))
            #expect(basic.status == 200, "\(basic.body)")
            #expect(basic.headers["Cache-Control"].first == "no-store")
            let answer = try JSONDecoder().decode(TokenAnswer.self, from: Data(basic.body.utf8))
            #expect(answer.token_type == "Bearer" && answer.expires_in == 300)
            let accounts = try await http(.GET, console.baseURL + "/api/v1/accounts", headers: [("Authorization", "Bearer \(answer.access_token)")])
            #expect(accounts.status == 200, "\(accounts.body)")

            let post = try await tokenRequest(console, [("grant_type", "client_credentials"), ("client_id", procuratorate.client.clientID),
                                                        ("client_secret", procuratorate.clientSecret!)])
            #expect(post.status == 200, "\(post.body)")
            let procuratorateToken = try JSONDecoder().decode(TokenAnswer.self, from: Data(post.body.utf8)).access_token
            // The token is good (not a 401), and says procuratorate: the admins' API refuses it.
            let refused = try await http(.GET, console.baseURL + "/api/v1/accounts", headers: [("Authorization", "Bearer \(procuratorateToken)")])
            #expect(refused.status == 403)

            // Its one scope is its role, echoed; any other is refused.
            let scoped = try await tokenRequest(console, [("grant_type", "client_credentials"), ("scope", "procuratorate")],
                                                basic: (procuratorate.client.clientID, procuratorate.clientSecret!))
            #expect(scoped.status == 200 && scoped.body.contains(#""scope":"procuratorate""#), "\(scoped.body)")
            let otherScope = try await tokenRequest(console, [("grant_type", "client_credentials"), ("scope", "admin")],
                                                    basic: (procuratorate.client.clientID, procuratorate.clientSecret!))
            #expect(otherScope.status == 400 && otherScope.body.contains("invalid_scope"))
        }
    }

    @Test("the token endpoint answers every bad request with RFC 6749 JSON: invalid_request, unsupported_grant_type, invalid_client 401 with WWW-Authenticate; never a 500", arguments: Backend.allCases)
    func tokenEndpointErrors(backend: Backend) async throws {
        try await withTokenConsole(backend) { console, _ in
            let client = try await addClient(console, #"{"displayName":"江汉区检察院案件系统","role":"procuratorate","district":"jianghan"}"#)
            let id = client.client.clientID, secret = client.clientSecret!
            let grant = ("grant_type", "client_credentials")
            let cases: [(String, (status: Int, body: String, headers: HTTPHeaders), Int, String)] = [
                ("no grant_type", try await tokenRequest(console, [], basic: (id, secret)), 400, "invalid_request"),
                ("password grant", try await tokenRequest(console, [("grant_type", "password")], basic: (id, secret)), 400, "unsupported_grant_type"),
                ("grant_type twice", try await tokenRequest(console, [grant, grant], basic: (id, secret)), 400, "invalid_request"),
                ("JSON body", try await http(.POST, console.baseURL + "/oauth/token", json: #"{"grant_type":"client_credentials"}"#), 400, "invalid_request"),
                ("two methods", try await tokenRequest(console, [grant, ("client_id", id), ("client_secret", secret)], basic: (id, secret)), 400, "invalid_request"),
                ("wrong assertion type", try await tokenRequest(console, [grant, ("client_assertion_type", "saml"), ("client_assertion", "x")]), 400, "invalid_request"),
                ("no client authentication", try await tokenRequest(console, [grant]), 401, "invalid_client"),
                ("wrong secret", try await tokenRequest(console, [grant], basic: (id, secret + "x")), 401, "invalid_client"),
                ("unknown client", try await tokenRequest(console, [grant], basic: ("client-0000000000000000", secret)), 401, "invalid_client"),
                ("unreadable Basic", try await tokenRequest(console, [grant], headers: [("Authorization", "Basic %%%")]), 401, "invalid_client"),
                ("a Bearer token instead", try await tokenRequest(console, [grant], headers: try await bearerIn("*", .admin)), 401, "invalid_client"),
                ("garbage assertion", try await tokenRequest(console, [grant, ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                                                                       ("client_assertion", "not.a.jwt")]), 401, "invalid_client"),
                ("an assertion for a secret client", try await tokenRequest(console, [grant, ("client_id", id), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                                                                      ("client_assertion", "e30.e30.")]), 401, "invalid_client"),
            ]
            for (name, answer, status, error) in cases {
                #expect(answer.status == status, "\(name): \(answer.status) \(answer.body)")
                #expect((try? JSONDecoder().decode(OAuthErrorAnswer.self, from: Data(answer.body.utf8)))?.error == error, "\(name): \(answer.body)")
                #expect(answer.headers["Cache-Control"].first == "no-store", "\(name)")
                if status == 401 { #expect(answer.headers["WWW-Authenticate"].first?.hasPrefix("Basic") == true, "\(name)") }
            }
        }
    }

    @Test("disabling a client stops its tokens and enabling restores them; a rotated secret ends the old one; the audit chain has each step with the client address and never a secret", arguments: Backend.allCases)
    func lifecycleAndAudit(backend: Backend) async throws {
        try await withTokenConsole(backend) { console, database in
            let client = try await addClient(console, #"{"displayName":"江汉区检察院案件系统","role":"procuratorate","district":"jianghan"}"#)
            let id = client.client.clientID, admin = try await bearerIn("*", .admin)
            let grant = [("grant_type", "client_credentials")]
            #expect(try await tokenRequest(console, grant, basic: (id, client.clientSecret!)).status == 200)

            let disabled = try await http(.POST, console.baseURL + "/api/v1/clients/\(id)/disable", json: "{}", headers: admin)
            #expect(disabled.status == 200 && disabled.body.contains(#""status":"disabled""#))
            let refused = try await tokenRequest(console, grant, basic: (id, client.clientSecret!))
            #expect(refused.status == 401 && refused.body.contains("invalid_client"))
            #expect(try await http(.POST, console.baseURL + "/api/v1/clients/\(id)/enable", json: "{}", headers: admin).status == 200)
            #expect(try await tokenRequest(console, grant, basic: (id, client.clientSecret!)).status == 200)

            let rotated = try await http(.POST, console.baseURL + "/api/v1/clients/\(id)/rotate-secret", json: "{}", headers: admin)
            #expect(rotated.status == 200)
            let newSecret = try #require(try apiDecoder.decode(MachineClientWithSecret.self, from: Data(rotated.body.utf8)).clientSecret)
            #expect(newSecret != client.clientSecret)
            #expect(try await tokenRequest(console, grant, basic: (id, client.clientSecret!)).status == 401)
            #expect(try await tokenRequest(console, grant, basic: (id, newSecret)).status == 200)

            let audit = try await database.query("SELECT actor, action, entity_id, summary FROM audit_log ORDER BY sequence")
            let entries = try audit.map { (try $0.string("action"), try $0.string("entity_id"), try $0.string("summary")) }.filter { $0.1 == id }
            #expect(entries.map(\.0) == ["client-added", "client-token-issued", "client-disabled", "client-authentication-failed", "client-enabled",
                                         "client-token-issued", "client-secret-rotated", "client-authentication-failed", "client-token-issued"])
            #expect(entries.allSatisfy { $0.2.contains("client 127.0.0.1") }, "\(entries)")
            #expect(entries.first { $0.0 == "client-authentication-failed" }?.2.contains("client disabled") == true)
            let everything = try audit.map { try $0.string("summary") + $0.string("actor") }.joined()
            #expect(!everything.contains(client.clientSecret!) && !everything.contains(newSecret))
        }
    }

    @Test("20 failed client authentications from one address within 15 minutes get that address a 429, even with the right secret", arguments: [Backend.sqlite])
    func throttlePerAddress(backend: Backend) async throws {
        try await withTokenConsole(backend) { console, _ in
            let client = try await addClient(console, #"{"displayName":"江汉区检察院案件系统","role":"procuratorate","district":"jianghan"}"#)
            let grant = [("grant_type", "client_credentials")]
            for attempt in 1...20 {
                let wrong = try await tokenRequest(console, grant, basic: (client.client.clientID, "wrong-\(attempt)"))
                #expect(wrong.status == 401)
            }
            let throttled = try await tokenRequest(console, grant, basic: (client.client.clientID, client.clientSecret!))
            #expect(throttled.status == 429 && throttled.body.contains("invalid_client"), "\(throttled.body)")
            #expect(Int(throttled.headers["Retry-After"].first ?? "") ?? 0 > 0)
        }
    }

    @Test("through authlib, an ordinary OAuth client library: client_secret_basic, client_secret_post and private_key_jwt (ES256, RS256) get tokens the API accepts; a disabled client, a replayed or foreign assertion and one an hour long are refused", arguments: Backend.allCases)
    func throughAuthlib(backend: Backend) async throws {
        guard let python = findExecutable("python3") else {
            try skipOrFail("python3 not installed (apt-get install python3; .ci/run does)")
        }
        guard try await runProcess(python, ["-c", "import authlib, requests"], within: .seconds(60)).status == 0 else {
            try skipOrFail("authlib skipped: needs authlib from PyPI (pip install authlib; .ci/run does)")
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/oauth/client_credentials.py").path
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let keys = try await runProcess(python, [script, "keys", work + "/keys"], within: .seconds(120))
        try #require(keys.status == 0, "keys: \(keys.output) \(keys.errors)")
        let paths = try JSONDecoder().decode([String: String].self, from: Data(keys.output.utf8))

        try await withTokenConsole(backend) { console, _ in
            let script1 = try await addClient(console, #"{"displayName":"江汉区信息中心脚本","role":"admin","district":"jianghan"}"#)
            let caseSystem = try await addClient(console, #"{"displayName":"江汉区检察院案件系统","role":"procuratorate","district":"jianghan"}"#)
            let es256 = try await addClient(console, try jsonText(MachineClientInput(
                displayName: "江汉区信息中心（密钥）", role: .admin, district: "jianghan", publicKey: try String(contentsOfFile: paths["es256_public"]!, encoding: .utf8))))
            let rs256 = try await addClient(console, try jsonText(MachineClientInput(
                displayName: "江汉区检察院（密钥）", role: .procuratorate, district: "jianghan", publicKey: try String(contentsOfFile: paths["rs256_public"]!, encoding: .utf8))))
            #expect(es256.clientSecret == nil && es256.client.authentication == .privateKeyJWT)
            let retired = try await addClient(console, #"{"displayName":"停用的系统","role":"procuratorate","district":"jianghan"}"#)
            #expect(try await http(.POST, console.baseURL + "/api/v1/clients/\(retired.client.clientID)/disable", json: "{}", headers: try await bearerIn("*", .admin)).status == 200)

            let configuration: [String: Any] = [
                "token_url": console.baseURL + "/oauth/token", "api_url": console.baseURL + "/api/v1/accounts",
                "basic": ["id": script1.client.clientID, "secret": script1.clientSecret!],
                "post": ["id": caseSystem.client.clientID, "secret": caseSystem.clientSecret!],
                "es256": ["id": es256.client.clientID, "key": paths["es256_private"]!],
                "rs256": ["id": rs256.client.clientID, "key": paths["rs256_private"]!],
                "disabled": ["id": retired.client.clientID, "secret": retired.clientSecret!],
            ]
            try JSONSerialization.data(withJSONObject: configuration).write(to: URL(fileURLWithPath: work + "/config.json"))
            let run = try await runProcess(python, [script, "run", work + "/config.json"], within: .seconds(120))
            try #require(run.status == 0, "the script failed: \(run.output) \(run.errors)")
            let results = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: [String: Any]], "\(run.output)")

            for (method, client, apiStatus) in [("client_secret_basic", script1, 200), ("client_secret_post", caseSystem, 403),
                                                ("private_key_jwt_es256", es256, 200), ("private_key_jwt_rs256", rs256, 403)] {
                let result = try #require(results[method], "\(method) missing: \(run.output)")
                #expect(result["token_type"] as? String == "Bearer" && result["expires_in"] as? Int == 300, "\(method): \(result)")
                #expect(result["sub"] as? String == client.client.clientID && result["role"] as? String == client.client.role.rawValue
                        && result["district"] as? String == "jianghan", "\(method): \(result)")
                // An admin client's token reads the accounts; a procuratorate's is known but not allowed.
                #expect(result["api_status"] as? Int == apiStatus, "\(method): \(result)")
            }
            #expect(results["disabled"]?["got_token"] as? Bool == false && results["disabled"]?["error"] as? String == "invalid_client", "\(results["disabled"] ?? [:])")
            #expect(results["assertion_first_use"]?["status"] as? Int == 200, "\(results["assertion_first_use"] ?? [:])")
            for refused in ["assertion_replayed", "assertion_other_audience", "assertion_an_hour_ahead"] {
                #expect(results[refused]?["status"] as? Int == 401 && results[refused]?["error"] as? String == "invalid_client", "\(refused): \(results[refused] ?? [:])")
            }
        }
    }
}

/// The console on a fresh database of `backend`, on a port known before it starts (so that its
/// public base URL, which client assertions name as audience, is the one clients reach), with a
/// connection of the test's own to its database.
private func withTokenConsole(_ backend: Backend, _ body: (RunningService, any Database) async throws -> Void) async throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try await withFreshDatabaseURL(backend) { url in
        let port = try await reservePort()
        let console = try await startService(consoleService, configuration: testConfiguration(.console, database: url, port: port, folder: folder))
        let database = try openDatabase(url, logger: testLogger)
        do {
            try await body(console, database)
        } catch {
            await database.close()
            await console.stop()
            throw error
        }
        await database.close()
        await console.stop()
    }
}

/// A client registered by the deployment's admin through the API.
private func addClient(_ console: RunningService, _ json: String) async throws -> MachineClientWithSecret {
    let answer = try await http(.POST, console.baseURL + "/api/v1/clients", json: json, headers: try await bearerIn("*", .admin))
    guard answer.status == 201 else { throw HarnessError("adding a client answered \(answer.status): \(answer.body)") }
    return try apiDecoder.decode(MachineClientWithSecret.self, from: Data(answer.body.utf8))
}

private func jsonText(_ value: some Encodable) throws -> String {
    String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
}

/// A form-encoded POST to `/oauth/token`, with HTTP Basic as RFC 6749 §2.3.1 spells it when `basic` is given.
private func tokenRequest(_ console: RunningService, _ fields: [(String, String)], basic: (String, String)? = nil,
                          headers: [(String, String)] = []) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
    var request = HTTPClientRequest(url: console.baseURL + "/oauth/token")
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
    if let (id, secret) = basic {
        request.headers.add(name: "Authorization", value: "Basic " + Data((formEncoded(id) + ":" + formEncoded(secret)).utf8).base64EncodedString())
    }
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(string: fields.map { formEncoded($0) + "=" + formEncoded($1) }.joined(separator: "&")))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 1 << 20)
    return (Int(response.status.code), String(buffer: body), response.headers)
}

private func formEncoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*")) ?? text
}

/// A program on the PATH, or nil.
private func findExecutable(_ name: String) -> String? {
    (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

private struct TokenAnswer: Decodable {
    var access_token: String
    var token_type: String
    var expires_in: Int
}

private struct OAuthErrorAnswer: Decodable {
    var error: String
}
