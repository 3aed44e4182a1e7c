import Contracts
import Crypto
import Foundation
import Logging
import Testing

@testable import ServiceKit
import TestSupport

/// Verification as a service does it: intake's own keys, and the console's and routing's pinned.
@Suite("Tokens")
struct TokenTests {
    static let deputy = Principal(role: .deputy, subject: "deputy-0042", district: "jianghan")
    static let console = TestKeys.signer(.console)
    static let routing = TestKeys.signer(.routing)

    static func verifier(audience: String = "youyue") -> TokenVerifier {
        let pinned = PublicKeySet(keys: console.publicKeys().keys + routing.publicKeys().keys)
        return TokenVerifier(trust: TrustedKeys(own: TestKeys.signer(.intake), pinned: pinned, sources: [:], httpClient: nil,
                                                logger: Logger(label: "test")), audience: audience)
    }

    /// A token with any header and claims, signed with `key`: what a forger with a key could send.
    static func craft(header: String, claims: String, key: P256.Signing.PrivateKey) throws -> String {
        let input = base64URLEncode(Array(header.utf8)) + "." + base64URLEncode(Array(claims.utf8))
        return input + "." + base64URLEncode(Array(try key.signature(for: Data(input.utf8)).rawRepresentation))
    }

    static func consolePrivateKey() throws -> (kid: String, key: P256.Signing.PrivateKey) {
        let record = try #require(try readSigningKeyFile(at: TestKeys.keyFile(.console), owner: .console)?.keys.last)
        return (record.kid, try P256.Signing.PrivateKey(pemRepresentation: record.privateKey))
    }

    static func claims(role: String = "admin", sub: String = "x", aud: String = "youyue", iat: Int, exp: Int) -> String {
        #"{"sub":"\#(sub)","role":"\#(role)","district":"jianghan","iss":"youyue","aud":"\#(aud)","exp":\#(exp),"iat":\#(iat)}"#
    }

    @Test("a person's token from the console verifies, with role and scope, for every role")
    func roundTrip() async throws {
        let token = try Self.console.mint(Self.deputy, lifetime: .seconds(300))
        #expect(token.split(separator: ".").count == 3)
        #expect(try await Self.verifier().verify(token) == Self.deputy)
        let staff = Principal(role: .streetStaff, subject: "s-7", district: "jianghan", street: "minyi")
        let unit = Principal(role: .unit, subject: "u-3", district: "jianghan", unit: "water-bureau")
        for principal in [staff, unit] + Role.allCases.filter { $0 != .service }.map({ Principal(role: $0, subject: "x", district: "jianghan") }) {
            #expect(try await Self.verifier().verify(Self.console.mint(principal, lifetime: 60)) == principal)
        }
    }

    @Test("a service's key signs that service's tokens and nothing else")
    func serviceKeysSpeakOnlyForTheirService() async throws {
        let verifier = Self.verifier()
        #expect(try await verifier.verify(Self.routing.mint(serviceTokenPrincipal(.routing), lifetime: 60)).subject == "routing")
        await #expect(throws: TokenRejection.wrongSigner) {
            try await verifier.verify(Self.routing.mint(Principal(role: .admin, subject: "routing", district: "*"), lifetime: 60))
        }
        await #expect(throws: TokenRejection.wrongSigner) {
            try await verifier.verify(Self.routing.mint(serviceTokenPrincipal(.supervision), lifetime: 60))
        }
        // Intake's own key is trusted for its own service tokens, without any pinning.
        #expect(try await verifier.verify(TestKeys.signer(.intake).mint(serviceTokenPrincipal(.intake), lifetime: 60)).role == .service)
    }

    @Test("a key nobody trusts, or a trusted key id on another key, is refused")
    func strangersAreRefused() async throws {
        let stranger = TokenSigner(owner: .console, keys: SigningKeyFile(owner: .console, keys: [newSigningKey(owner: .console)]))
        await #expect(throws: TokenRejection.unknownKey) { try await Self.verifier().verify(stranger.mint(Self.deputy, lifetime: 60)) }
        let (kid, _) = try Self.consolePrivateKey()
        let now = Int(Date().timeIntervalSince1970)
        let spoofed = try Self.craft(header: #"{"alg":"ES256","kid":"\#(kid)"}"#, claims: Self.claims(iat: now, exp: now + 60), key: P256.Signing.PrivateKey())
        await #expect(throws: TokenRejection.badSignature) { try await Self.verifier().verify(spoofed) }
        let unowned = try Self.craft(header: #"{"alg":"ES256","kid":"nobody.abc"}"#, claims: Self.claims(iat: now, exp: now + 60), key: P256.Signing.PrivateKey())
        await #expect(throws: TokenRejection.unknownKey) { try await Self.verifier().verify(unowned) }
    }

    @Test("alg none, HS256 with the old shared secret, and HS256 keyed with the console's public key are refused")
    func algorithmsOtherThanES256AreRefused() async throws {
        let now = Int(Date().timeIntervalSince1970)
        let (kid, key) = try Self.consolePrivateKey()
        let claims = base64URLEncode(Array(Self.claims(iat: now, exp: now + 60).utf8))
        let none = base64URLEncode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + claims + "."
        await #expect(throws: TokenRejection.badSignature) { try await Self.verifier().verify(none) }
        for secret in [Array("test-secret-0123456789-abcdefghijklmnopqrstuvwxyz".utf8), Array(key.publicKey.pemRepresentation.utf8)] {
            let input = base64URLEncode(Array(#"{"alg":"HS256","kid":"\#(kid)","typ":"JWT"}"#.utf8)) + "." + claims
            let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: secret))
            await #expect(throws: TokenRejection.badSignature) { try await Self.verifier().verify(input + "." + base64URLEncode(Array(mac))) }
        }
        let critical = try Self.craft(header: #"{"alg":"ES256","kid":"\#(kid)","crit":["exp"]}"#, claims: Self.claims(iat: now, exp: now + 60), key: key)
        await #expect(throws: TokenRejection.badSignature) { try await Self.verifier().verify(critical) }
    }

    @Test("an altered payload no longer matches its signature")
    func alteredPayloadHasABadSignature() async throws {
        let parts = try Self.console.mint(Self.deputy, lifetime: 600).split(separator: ".").map(String.init)
        let now = Int(Date().timeIntervalSince1970)
        let forged = [parts[0], base64URLEncode(Array(Self.claims(sub: "deputy-0042", iat: now, exp: now + 60).utf8)), parts[2]].joined(separator: ".")
        await #expect(throws: TokenRejection.badSignature) { try await Self.verifier().verify(forged) }
        await #expect(throws: TokenRejection.malformed) { try await Self.verifier().verify("eyJhbGciOiJFUzI1NiJ9.%%%") }
        await #expect(throws: TokenRejection.malformed) { try await Self.verifier().verify("not a token") }
    }

    @Test("expired, too long-lived, issued ahead of the clock, for another audience or issuer: refused")
    func claimsAreChecked() async throws {
        let now = Date()
        let verifier = Self.verifier()
        await #expect(throws: TokenRejection.expired) { try await verifier.verify(Self.console.mint(Self.deputy, lifetime: 60, now: now.addingTimeInterval(-61))) }
        let (kid, key) = try Self.consolePrivateKey()
        let seconds = Int(now.timeIntervalSince1970)
        let yearLong = try Self.craft(header: #"{"alg":"ES256","kid":"\#(kid)"}"#, claims: Self.claims(iat: seconds, exp: seconds + 365 * 86400), key: key)
        await #expect(throws: TokenRejection.tooLongLived) { try await verifier.verify(yearLong) }
        #expect(throws: TokenLifetimeOutOfRange.self) { try Self.console.mint(Self.deputy, lifetime: 13 * 3600) }
        let ahead = try Self.console.mint(Self.deputy, lifetime: 3600, now: now.addingTimeInterval(600))
        await #expect(throws: TokenRejection.issuedInFuture) { try await verifier.verify(ahead, now: now) }
        let edge = try Self.console.mint(Self.deputy, lifetime: 3600, now: now.addingTimeInterval(TokenVerifier.allowedClockSkew))
        #expect(try await verifier.verify(edge, now: now) == Self.deputy)
        let other = try TokenSigner(owner: .console, keyFile: TestKeys.keyFile(.console), audience: "another-system")
        await #expect(throws: TokenRejection.wrongAudience) { try await verifier.verify(other.mint(Self.deputy, lifetime: 60)) }
        let elsewhere = try TokenSigner(owner: .console, keyFile: TestKeys.keyFile(.console), issuer: "someone-else")
        await #expect(throws: TokenRejection.wrongIssuer) { try await verifier.verify(elsewhere.mint(Self.deputy, lifetime: 60)) }
    }

    @Test("rotating keys: the new key signs, the old one verifies until its tokens have expired")
    func rotation() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/keys/console.json"
        let signer = try TokenSigner(owner: .console, keyFile: path)
        let before = try signer.mint(Self.deputy, lifetime: 300)
        let oldKid = try #require(signer.publicKeys().keys.first?.kid)
        let now = Date()
        let rotated = try rotateSigningKeys(at: path, owner: .console, now: now)
        #expect(rotated.keys.count == 2 && rotated.keys[0].retires == now.addingTimeInterval(retiredKeyGracePeriod))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // The running signer notices the file within a second.
        try await Task.sleep(for: .milliseconds(1100))
        let after = try signer.mint(Self.deputy, lifetime: 300)
        #expect(after.split(separator: ".")[0] != before.split(separator: ".")[0], "the new token names the new key")
        let verifier = TokenVerifier(trust: TrustedKeys(own: TestKeys.signer(.intake), pinned: signer.publicKeys(), sources: [:],
                                                        httpClient: nil, logger: Logger(label: "test")))
        #expect(try await verifier.verify(before) == Self.deputy)
        #expect(try await verifier.verify(after) == Self.deputy)
        #expect(signer.publicKeys().keys.map(\.kid).contains(oldKid))
        #expect(!signer.publicKeys(now: now.addingTimeInterval(retiredKeyGracePeriod + 1)).keys.map(\.kid).contains(oldKid))
        // A second rotation after the grace period drops the first key from the file.
        let again = try rotateSigningKeys(at: path, owner: .console, now: now.addingTimeInterval(retiredKeyGracePeriod + 1))
        #expect(again.keys.count == 2 && !again.keys.map(\.kid).contains(oldKid))
    }

    @Test("a key file of another service, or a broken one, is refused with its path")
    func keyFilesAreChecked() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: ConfigurationError.self) { try TokenSigner(owner: .intake, keyFile: TestKeys.keyFile(.routing)) }
        FileManager.default.createFile(atPath: folder + "/broken.json", contents: Data("{}".utf8))
        #expect(throws: ConfigurationError.self) { try TokenSigner(owner: .intake, keyFile: folder + "/broken.json") }
    }
}
