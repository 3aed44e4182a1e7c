@testable import ConsoleService
import Foundation
import JWTKit
import ServiceKit
import TestSupport
import Testing

/// The checks of an ID token one by one, with tokens the test signs itself: a real provider
/// (OpenIDConnectTests) signs only good ones. The provider's discovery document and JWKS are
/// files served by Python's `http.server`, so that the test can rotate the key.
@Suite("Console: the checks of a provider's ID token", .timeLimit(.minutes(3)))
struct OpenIDTokenChecksTests {
    @Test("only a token signed by a key of the provider's JWKS, for this client, issuer and nonce, and unexpired is accepted; a new key id reads the JWKS again")
    func idTokenChecks() async throws {
        try await withStaticProvider { issuer, folder in
            let keyA = ES256PrivateKey(), keyB = ES256PrivateKey(), stranger = ES256PrivateKey()
            try publishKeys([("key-a", keyA)], in: folder)
            let provider = OpenIDProvider(
                configuration: OpenIDConnectConfiguration(issuer: issuer, clientID: "youyue-console", clientSecret: "unused", accountClaim: "preferred_username",
                                                          redirectURI: "http://127.0.0.1:1/login/oidc/callback"),
                httpClient: .shared)
            let now = Date()
            func claims(iss: String = issuer, aud: [String] = ["youyue-console"], exp: Date = now.addingTimeInterval(120), nonce: String = "nonce-1") -> TestIDClaims {
                TestIDClaims(iss: iss, aud: aud, exp: Int(exp.timeIntervalSince1970), nonce: nonce, preferred_username: "wang.li")
            }

            let good = try await provider.verify(idToken: try await sign(claims(), with: keyA, kid: "key-a"), nonce: "nonce-1", now: now)
            #expect(good.textClaims["preferred_username"] == "wang.li")

            let refused: [(String, String)] = [
                ("another client's token", try await sign(claims(aud: ["another-client"]), with: keyA, kid: "key-a")),
                ("an untrusted second audience", try await sign(claims(aud: ["youyue-console", "another-client"]), with: keyA, kid: "key-a")),
                ("another issuer", try await sign(claims(iss: "https://idp.example.cn"), with: keyA, kid: "key-a")),
                ("expired beyond the minute of leeway", try await sign(claims(exp: now.addingTimeInterval(-61)), with: keyA, kid: "key-a")),
                ("another sign-in's nonce", try await sign(claims(nonce: "nonce-2"), with: keyA, kid: "key-a")),
                ("signed by a key not in the JWKS under its kid", try await sign(claims(), with: stranger, kid: "key-a")),
                ("a kid the provider does not publish", try await sign(claims(), with: stranger, kid: "key-x")),
                ("alg none", unsigned(claims())),
                ("HS256 with the public key as the secret", try await signHS256(claims(), secret: Array(keyA.publicKey.pemRepresentation.utf8))),
                ("not a JWT", "eyJhbGciOiJFUzI1NiJ9.e30"),
            ]
            for (why, token) in refused {
                await #expect(throws: OpenIDFailure.self, "\(why) must be refused") {
                    _ = try await provider.verify(idToken: token, nonce: "nonce-1", now: now)
                }
            }

            // The provider rotates its key: a token under the new kid makes the console read the keys again.
            try publishKeys([("key-b", keyB)], in: folder)
            let rotated = try await provider.verify(idToken: try await sign(claims(), with: keyB, kid: "key-b"), nonce: "nonce-1", now: now)
            #expect(rotated.textClaims["preferred_username"] == "wang.li")
        }
    }

    @Test("the provider's settings: none means no provider; a partial or unusable one stops the console naming the variable; the secret may come from a file")
    func settings() throws {
        func read(_ extra: [String: String]) throws -> OpenIDConnectConfiguration? {
            try OpenIDConnectConfiguration.read(try testConfiguration(.console, database: .sqlite(path: "/nonexistent/unused.sqlite"), folder: "/tmp", extra: extra))
        }
        #expect(try read([:]) == nil)
        let full = try #require(try read(["YOUYUE_OIDC_ISSUER": "https://idp.jianghan.gov.cn/realms/staff", "YOUYUE_OIDC_CLIENT_ID": "youyue",
                                          "YOUYUE_OIDC_CLIENT_SECRET": "s3cret", "YOUYUE_PUBLIC_BASE_URL": "https://work.jianghan.gov.cn/"]))
        #expect(full.redirectURI == "https://work.jianghan.gov.cn/login/oidc/callback" && full.accountClaim == "preferred_username")
        #expect(full.discoveryURL == "https://idp.jianghan.gov.cn/realms/staff/.well-known/openid-configuration")
        for (extra, variable) in [
            (["YOUYUE_OIDC_ISSUER": "https://idp.jianghan.gov.cn"], "YOUYUE_OIDC_CLIENT_ID"),
            (["YOUYUE_OIDC_CLIENT_ID": "youyue", "YOUYUE_OIDC_CLIENT_SECRET": "s3cret"], "YOUYUE_OIDC_ISSUER"),
            (["YOUYUE_OIDC_ISSUER": "https://idp.jianghan.gov.cn", "YOUYUE_OIDC_CLIENT_ID": "youyue"], "YOUYUE_OIDC_CLIENT_SECRET"),
            (["YOUYUE_OIDC_ISSUER": "http://idp.jianghan.gov.cn", "YOUYUE_OIDC_CLIENT_ID": "youyue", "YOUYUE_OIDC_CLIENT_SECRET": "s"], "YOUYUE_OIDC_ISSUER"),
            (["YOUYUE_OIDC_ISSUER": "https://idp.jianghan.gov.cn", "YOUYUE_OIDC_CLIENT_ID": "youyue", "YOUYUE_OIDC_CLIENT_SECRET_FILE": "/nonexistent/secret"],
             "YOUYUE_OIDC_CLIENT_SECRET_FILE"),
        ] {
            #expect(throws: (any Error).self) { try read(extra) }
            do { _ = try read(extra) } catch { #expect("\(error)".contains(variable), "\(error)") }
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "from-a-file\n".write(toFile: folder + "/secret", atomically: true, encoding: .utf8)
        let fromFile = try #require(try read(["YOUYUE_OIDC_ISSUER": "http://127.0.0.1:9400", "YOUYUE_OIDC_CLIENT_ID": "youyue",
                                              "YOUYUE_OIDC_CLIENT_SECRET_FILE": folder + "/secret", "YOUYUE_OIDC_ACCOUNT_CLAIM": "employee_id"]))
        #expect(fromFile.clientSecret == "from-a-file" && fromFile.accountClaim == "employee_id")
    }
}

struct TestIDClaims: JWTPayload {
    var iss: String
    var aud: [String]
    var exp: Int
    var nonce: String
    var preferred_username: String

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

func sign(_ claims: TestIDClaims, with key: ES256PrivateKey, kid: String) async throws -> String {
    let keys = JWTKeyCollection()
    await keys.add(ecdsa: key, kid: JWKIdentifier(string: kid))
    return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
}

func signHS256(_ claims: TestIDClaims, secret: [UInt8]) async throws -> String {
    let keys = JWTKeyCollection()
    await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: "key-a")
    return try await keys.sign(claims, kid: "key-a")
}

func unsigned(_ claims: TestIDClaims) -> String {
    let header = base64URL(Array(#"{"alg":"none","kid":"key-a"}"#.utf8))
    let payload = base64URL(Array((try? JSONEncoder().encode(claims)) ?? Data()))
    return header + "." + payload + "."
}

/// Writes the provider's JWKS with the public halves of `keys`.
func publishKeys(_ keys: [(String, ES256PrivateKey)], in folder: String) throws {
    let entries = keys.map { kid, key in
        let (x, y) = key.publicKey.parameters!
        return #"{"kty":"EC","crv":"P-256","alg":"ES256","use":"sig","kid":"\#(kid)","x":"\#(x)","y":"\#(y)"}"#
    }
    try #"{"keys":[\#(entries.joined(separator: ","))]}"#.write(toFile: folder + "/jwks.json", atomically: true, encoding: .utf8)
}

/// A folder served over HTTP with a discovery document naming it as issuer and `jwks.json`
/// as its JWKS.
func withStaticProvider(_ body: (String, String) async throws -> Void) async throws {
    guard (try? await runProcess("/usr/bin/env", ["python3", "-c", "import http.server"]).status) == 0 else {
        try skipOrFail("ID token checks skipped: they serve the provider's keys with python3's http.server, and python3 is not installed")
    }
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let port = try await reservePort()
    let issuer = "http://127.0.0.1:\(port)"
    try FileManager.default.createDirectory(atPath: folder + "/.well-known", withIntermediateDirectories: true)
    try #"{"issuer":"\#(issuer)","authorization_endpoint":"\#(issuer)/authorize","token_endpoint":"\#(issuer)/token","jwks_uri":"\#(issuer)/jwks.json"}"#
        .write(toFile: folder + "/.well-known/openid-configuration", atomically: true, encoding: .utf8)
    let server = try ChildProcess("/usr/bin/env", ["python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", folder, String(port)],
                                  environment: inheritedEnvironment())
    var failure: (any Error)?
    do {
        let ready = try await eventually(within: .seconds(30)) {
            (try? await http(.GET, issuer + "/.well-known/openid-configuration"))?.status == 200 || !server.isRunning
        }
        guard ready, server.isRunning else { throw HarnessError("python3 -m http.server did not start") }
        try await body(issuer, folder)
    } catch {
        failure = error
    }
    await server.stop(grace: .seconds(5))
    if let failure { throw failure }
}
