import Contracts
import Foundation
import Testing

@testable import ServiceKit
import TestSupport

@Suite("Tokens")
struct TokenTests {
    static let secret = "youyue-test-secret-at-least-32-bytes-long"
    static let deputy = Principal(role: .deputy, subject: "deputy-0042", district: "jianghan")

    @Test func roundTrip() async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        let token = try await authority.mint(Self.deputy, lifetime: .seconds(600))
        #expect(token.split(separator: ".").count == 3)
        #expect(try await authority.verify(token) == Self.deputy)
    }

    @Test func streetAndUnitAreCarried() async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        let staff = Principal(role: .streetStaff, subject: "s-7", district: "jianghan", street: "minyi")
        let unit = Principal(role: .unit, subject: "u-3", district: "jianghan", unit: "water-bureau")
        let both = Principal(role: .service, subject: "intake", district: "jianghan", street: "minyi", unit: "water-bureau")
        for principal in [staff, unit, both] {
            let verified = try await authority.verify(authority.mint(principal, lifetime: 60))
            #expect(verified == principal)
        }
    }

    @Test func everyRoleRoundTrips() async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        for role in Role.allCases {
            let principal = Principal(role: role, subject: "x", district: "jianghan")
            #expect(try await authority.verify(authority.mint(principal, lifetime: .seconds(60))).role == role)
        }
    }

    @Test func tokenFromAnotherSecretHasABadSignature() async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        let stranger = await TokenAuthority(secret: "a-different-secret-that-is-32-bytes-or-more")
        let token = try await stranger.mint(Self.deputy, lifetime: .seconds(600))
        await #expect(throws: TokenRejection.badSignature) { try await authority.verify(token) }
    }

    @Test func alteredPayloadHasABadSignature() async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        let token = try await authority.mint(Self.deputy, lifetime: .seconds(600))
        let parts = token.split(separator: ".").map(String.init)
        let forgedClaims = #"{"sub":"deputy-0042","role":"admin","district":"jianghan","iss":"youyue","aud":"youyue","exp":4102444800,"iat":0}"#
        let forged = [parts[0], base64URLEncode(Array(forgedClaims.utf8)), parts[2]].joined(separator: ".")
        await #expect(throws: TokenRejection.badSignature) { try await authority.verify(forged) }
    }

    @Test func unsignedTokenIsRefused() async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        let header = base64URLEncode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let claims = base64URLEncode(Array(#"{"sub":"x","role":"admin","district":"jianghan","iss":"youyue","aud":"youyue","exp":4102444800,"iat":0}"#.utf8))
        await #expect(throws: TokenRejection.badSignature) { try await authority.verify("\(header).\(claims).") }
    }

    @Test func expiredTokenIsRefused() async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        let token = try await authority.mint(Self.deputy, lifetime: .seconds(-1))
        await #expect(throws: TokenRejection.expired) { try await authority.verify(token) }
        let old = try await authority.mint(Self.deputy, lifetime: 3600, now: Date().addingTimeInterval(-7200))
        await #expect(throws: TokenRejection.expired) { try await authority.verify(old) }
    }

    @Test func tokenIssuedInTheFutureIsRefused() async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        let ahead = try await authority.mint(Self.deputy, lifetime: 3600, now: Date().addingTimeInterval(300))
        await #expect(throws: TokenRejection.issuedInFuture) { try await authority.verify(ahead) }
        // A minute of clock skew between the issuing and the verifying machine is tolerated.
        let skewed = try await authority.mint(Self.deputy, lifetime: 3600, now: Date().addingTimeInterval(30))
        #expect(try await authority.verify(skewed) == Self.deputy)
        // Whole seconds: `iat` travels as seconds since 1970, and fractions do not survive exactly.
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let edge = try await authority.mint(Self.deputy, lifetime: 3600, now: now.addingTimeInterval(TokenAuthority.allowedClockSkew))
        #expect(try await authority.verify(edge, now: now) == Self.deputy)
        await #expect(throws: TokenRejection.issuedInFuture) { try await authority.verify(edge, now: now.addingTimeInterval(-2)) }
    }

    @Test func wrongAudienceIsRefused() async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        let other = await TokenAuthority(secret: Self.secret, audience: "another-system")
        let token = try await other.mint(Self.deputy, lifetime: .seconds(600))
        await #expect(throws: TokenRejection.wrongAudience) { try await authority.verify(token) }
    }

    @Test func wrongIssuerIsRefused() async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        let other = await TokenAuthority(secret: Self.secret, issuer: "someone-else")
        let token = try await other.mint(Self.deputy, lifetime: .seconds(600))
        await #expect(throws: TokenRejection.wrongIssuer) { try await authority.verify(token) }
    }

    @Test(arguments: ["", "garbage", "a.b", "a.b.c", "a.b.c.d", "...", "Bearer x.y.z", "eyJhbGciOiJIUzI1NiJ9.e30.%%%"])
    func garbageIsMalformed(token: String) async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        await #expect(throws: TokenRejection.malformed) { try await authority.verify(token) }
    }

    /// The signature is checked before the claims are read, so nothing unsigned is ever parsed.
    @Test func unreadableClaimsUnderAForgedSignatureAreABadSignature() async throws {
        let authority = await TokenAuthority(secret: Self.secret)
        await #expect(throws: TokenRejection.badSignature) { try await authority.verify("eyJhbGciOiJIUzI1NiJ9.%%%.sig") }
    }
}
